package dev.gatewarden.cli;

import dev.gatewarden.apply.ExecutionContext;
import dev.gatewarden.apply.Outcome;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatewarden.audit.AuditTrail;
import dev.gatewarden.model.DesiredState;
import dev.gatewarden.reconcile.Reconciler;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "reconcile", description = "Plan and apply in a loop until stopped (Ctrl-C / SIGTERM). A failing "
        + "round is logged and the next one runs. Exit 0 when the last round succeeded. When gateways are discovered "
        + "in Kubernetes (gateways[].kubernetes), pods, nodes and EgressGateways are watched and a round runs shortly "
        + "after each change, plus the resync every --interval; with --leader-election only the Lease holder writes.")
final class ReconcileCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(ReconcileCommand.class);

    @Mixin
    CommonOptions common;

    @Mixin
    RunOptions run;

    @Option(names = "--interval", defaultValue = "60s", converter = DurationConverter.class,
            description = "time between rounds, e.g. 30s, 5m, PT1M (default: ${DEFAULT-VALUE})")
    Duration interval;

    @Option(names = "--max-rounds", defaultValue = "0", description = "stop after this many rounds (0: run until stopped)")
    int maxRounds;

    @Option(names = "--debounce", defaultValue = "2s", converter = DurationConverter.class,
            description = "Kubernetes: how long after a change the round starts (default: ${DEFAULT-VALUE})")
    Duration debounce;

    @Option(names = "--kubeconfig", paramLabel = "FILE",
            description = "Kubernetes: the kubeconfig (default: KUBECONFIG, ~/.kube/config, or the in-cluster account)")
    java.nio.file.Path kubeconfig;

    @Option(names = "--leader-election", negatable = true, defaultValue = "false",
            description = "Kubernetes: run several replicas; only the holder of the Lease writes (default: ${DEFAULT-VALUE})")
    boolean leaderElection;

    @Option(names = "--lease-name", defaultValue = "gatewarden", description = "the Lease's name (default: ${DEFAULT-VALUE})")
    String leaseName;

    @Option(names = "--lease-namespace", description = "the Lease's namespace (default: the client's namespace)")
    String leaseNamespace;

    @Option(names = "--identity", description = "this replica's name in the Lease (default: POD_NAME, HOSTNAME, host name)")
    String identity;

    @Option(names = "--http-port", description = "Kubernetes: serve /healthz, /readyz and /metrics on this port "
            + "(0: any free port; default: not served)")
    Integer httpPort;

    @Option(names = "--http-address", defaultValue = "127.0.0.1",
            description = "the address to serve on (default: ${DEFAULT-VALUE}; 0.0.0.0 in a cluster)")
    String httpAddress;

    @Spec
    CommandSpec spec;

    /** Set on shutdown; tests may count it down. */
    final CountDownLatch stop = new CountDownLatch(1);

    @Override
    public Integer call() throws Exception {
        Thread hook = new Thread(stop::countDown, "gatewarden-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try (Session s = Session.open(common);
             AuditTrail audit = run.openAudit(s.config)) {
            if (!s.config.kubernetes().isEmpty()) {
                return KubernetesReconcile.run(this, s, audit);
            }
            DesiredState desired = s.config.desiredState();
            // read once: the config is fixed for this process, so every firewall published to from now on is
            // configured and observed each round; the record only matters for firewalls removed before the start
            dev.gatewarden.plan.PlannerOptions options = run.plannerOptions(s.config);
            run.recordForgotten(s.config, options, audit);
            Reconciler reconciler = s.reconciler();
            boolean lastOk = false;
            int round = 0;
            while (maxRounds == 0 || round < maxRounds) {
                round++;
                MDC.put("round", Integer.toString(round));
                Map<String, Map<String, Long>> callsBefore = s.calls.snapshot();
                try {
                    ExecutionContext ctx = ExecutionContext.builder(s.config.owner()).clouds(s.clouds)
                            .firewalls(s.firewalls).naming(desired.naming()).policy(run.policy(s.config))
                            .calls(s.calls).audit(RunAudit.of(s, audit)).build();
                    Reconciler.Round r = reconciler.reconcileOnce(desired, options, ctx);
                    Verdict verdict = Verdict.of(r.planned(), r.report());
                    lastOk = verdict.ok();
                    if (common.json()) {
                        ObjectNode doc = Render.reportJson("reconcile", r.planned().plan(), r.report(),
                                Render.callsSince(callsBefore, s.calls.snapshot()), verdict);
                        doc.put("round", round);
                        Render.printJson(spec.commandLine().getOut(), doc);
                    }
                    if (r.report() == null) {
                        LOG.info("round {}: no change", round);
                    } else {
                        LOG.info("round {}: {} succeeded, {} failed, {} skipped", round,
                                r.report().count(Outcome.SUCCEEDED), r.report().count(Outcome.FAILED),
                                r.report().count(Outcome.SKIPPED));
                    }
                    audit.flush().filter(d -> !d.caughtUp()).ifPresent(d -> LOG.warn("audit: {} record(s) not yet "
                            + "delivered to syslog {} (oldest {}s): {}", d.pending(), d.target(), d.lag().toSeconds(),
                            d.lastError()));
                    int n = round;
                    r.planned().observed().unavailable().forEach((t, why) ->
                            LOG.warn("round {}: {} could not be observed: {}", n, t, why));
                } catch (RuntimeException e) {
                    lastOk = false;
                    LOG.error("round {} failed: {}; retrying next round", round, e.getMessage());
                    if (common.json()) {
                        Render.printJson(spec.commandLine().getOut(), Render.failedRoundJson(s.config.owner(), round,
                                e.getMessage(), Render.callsSince(callsBefore, s.calls.snapshot())));
                    }
                } finally {
                    MDC.remove("round");
                }
                if (s.sandbox != null) {
                    s.sandbox.save();
                }
                if (maxRounds != 0 && round >= maxRounds) {
                    break;
                }
                if (stop.await(interval.toMillis(), TimeUnit.MILLISECONDS)) {
                    LOG.info("stopping after round {}", round);
                    break;
                }
            }
            return lastOk ? Main.OK : Main.ERROR;
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the JVM is already stopping
            }
        }
    }
}

package dev.gatewarden.apply;

import dev.gatewarden.audit.AuditSink;
import dev.gatewarden.ownership.NameTemplate;
import dev.gatewarden.spi.CallRecorder;
import dev.gatewarden.spi.CloudProvider;
import dev.gatewarden.spi.FirewallAdapter;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What an {@link Executor} run works with.
 *
 * @param owner      the owner id; must be the plan's owner
 * @param clouds     providers by cloud account name
 * @param firewalls  adapters by firewall name
 * @param naming     object name templates by firewall name (from {@code DesiredState.naming()}); missing:
 *                   {@link NameTemplate#DEFAULT}
 * @param policy     {@link PublishPolicy#STRICT} unless the user chose best effort
 * @param dryRun     call nothing, report every change as {@link Outcome#DRY_RUN}
 * @param audit      where every change attempted is recorded
 * @param statusSink receives slot status in phase 4; null for none
 * @param progress   told of each outcome
 * @param calls      the call recorder the plugins count into; its snapshot goes into the report
 * @param clock      for {@link ChangeResult#at()}
 */
public record ExecutionContext(String owner, Map<String, CloudProvider> clouds, Map<String, FirewallAdapter> firewalls,
                               Map<String, NameTemplate> naming, PublishPolicy policy, boolean dryRun,
                               AuditSink audit, StatusSink statusSink, ProgressListener progress, CallRecorder calls,
                               Clock clock) {
    public ExecutionContext {
        Objects.requireNonNull(owner, "owner");
        clouds = Map.copyOf(clouds == null ? Map.of() : clouds);
        firewalls = Map.copyOf(firewalls == null ? Map.of() : firewalls);
        naming = Map.copyOf(naming == null ? Map.of() : naming);
        policy = policy == null ? PublishPolicy.STRICT : policy;
        audit = audit == null ? AuditSink.NONE : audit;
        progress = progress == null ? ProgressListener.NONE : progress;
        calls = calls == null ? new CallRecorder() : calls;
        clock = clock == null ? Clock.systemUTC() : clock;
    }

    public Optional<StatusSink> status() {
        return Optional.ofNullable(statusSink);
    }

    public static Builder builder(String owner) {
        return new Builder(owner);
    }

    /** Builds a context; providers and adapters are keyed by their {@code name()}. */
    public static final class Builder {
        private final String owner;
        private final Map<String, CloudProvider> clouds = new LinkedHashMap<>();
        private final Map<String, FirewallAdapter> firewalls = new LinkedHashMap<>();
        private final Map<String, NameTemplate> naming = new LinkedHashMap<>();
        private PublishPolicy policy = PublishPolicy.STRICT;
        private boolean dryRun;
        private AuditSink audit = AuditSink.NONE;
        private StatusSink status;
        private ProgressListener progress = ProgressListener.NONE;
        private CallRecorder calls;
        private Clock clock;

        private Builder(String owner) {
            this.owner = Objects.requireNonNull(owner, "owner");
        }

        public Builder cloud(CloudProvider provider) {
            clouds.put(provider.name(), provider);
            return this;
        }

        public Builder clouds(Map<String, CloudProvider> providers) {
            clouds.putAll(providers);
            return this;
        }

        public Builder firewall(FirewallAdapter adapter) {
            firewalls.put(adapter.name(), adapter);
            return this;
        }

        public Builder firewalls(Map<String, FirewallAdapter> adapters) {
            firewalls.putAll(adapters);
            return this;
        }

        public Builder naming(Map<String, NameTemplate> templates) {
            naming.putAll(templates);
            return this;
        }

        public Builder policy(PublishPolicy value) {
            policy = value;
            return this;
        }

        public Builder dryRun(boolean value) {
            dryRun = value;
            return this;
        }

        public Builder audit(AuditSink value) {
            audit = value;
            return this;
        }

        public Builder status(StatusSink value) {
            status = value;
            return this;
        }

        public Builder progress(ProgressListener value) {
            progress = value;
            return this;
        }

        public Builder calls(CallRecorder value) {
            calls = value;
            return this;
        }

        public Builder clock(Clock value) {
            clock = value;
            return this;
        }

        public ExecutionContext build() {
            return new ExecutionContext(owner, clouds, firewalls, naming, policy, dryRun, audit, status, progress,
                    calls, clock);
        }
    }
}

package dev.gatewarden.spi;

import java.util.List;

/** What a firewall reported for one change set: e.g. the commit job id and any messages worth keeping. */
public record FirewallApplyResult(String commitReference, List<String> messages) {
    public FirewallApplyResult {
        messages = messages == null ? List.of() : List.copyOf(messages);
    }

    public static FirewallApplyResult nothingToCommit() {
        return new FirewallApplyResult(null, List.of());
    }
}

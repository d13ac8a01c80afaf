package dev.gatewarden.cli;

import dev.gatewarden.GatewardenException.ConfigException;
import dev.gatewarden.audit.AuditKey;
import dev.gatewarden.config.SecretResolver;
import dev.gatewarden.config.SecretResolver.Reference;
import java.util.Optional;

/** An audit key given on the command line: by reference only, as every secret. */
final class AuditKeys {
    private AuditKeys() {
    }

    static AuditKey resolve(String text, String option) {
        Optional<Reference> ref;
        try {
            ref = Reference.parse(text);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(option + ": " + e.getMessage());
        }
        if (ref.isEmpty()) {
            // never echo the value: it may be the key itself
            throw new ConfigException(option + " takes a reference, ${env:NAME} or ${file:/path}, never the key "
                    + "itself (a key on the command line shows in the process list and the shell history)");
        }
        String material;
        try {
            material = SecretResolver.defaults().resolve(ref.get());
        } catch (SecretResolver.UnresolvedReferenceException e) {
            throw new ConfigException(option + " " + ref.get() + ": " + e.getMessage());
        }
        return AuditKey.parse(material, ref.get().toString());
    }
}

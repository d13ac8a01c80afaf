package dev.gatewarden.apply;

import java.util.Locale;

/** What became of one change. */
public enum Outcome {
    /** It took effect (or already had: every change is idempotent). */
    SUCCEEDED,
    /** The provider or firewall refused or failed it; the message quotes why. */
    FAILED,
    /** Not attempted: something it depends on failed, or a safety rule held it back; the message says which. */
    SKIPPED,
    /** A dry run: nothing was called. */
    DRY_RUN;

    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}

package dev.gatewarden.cli;

/**
 * Logs go to stderr through slf4j-simple: INFO by default (one line per applied change), {@code -q} for warnings
 * only, {@code --debug} for everything. Configured before the first logger exists.
 */
final class Logging {
    private Logging() {
    }

    static void configure(String[] args) {
        String level = "info";
        for (String a : args) {
            if (a.equals("-q") || a.equals("--quiet")) {
                level = "warn";
            } else if (a.equals("--debug")) {
                level = "debug";
            }
        }
        setIfAbsent("org.slf4j.simpleLogger.defaultLogLevel", level);
        setIfAbsent("org.slf4j.simpleLogger.logFile", "System.err");
        setIfAbsent("org.slf4j.simpleLogger.showDateTime", "true");
        setIfAbsent("org.slf4j.simpleLogger.dateTimeFormat", "HH:mm:ss.SSS");
        setIfAbsent("org.slf4j.simpleLogger.showThreadName", "false");
        setIfAbsent("org.slf4j.simpleLogger.showShortLogName", "true");
        // the SDKs are chatty at INFO
        setIfAbsent("org.slf4j.simpleLogger.log.software.amazon", "warn");
        setIfAbsent("org.slf4j.simpleLogger.log.org.apache.http", "warn");
        setIfAbsent("org.slf4j.simpleLogger.log.dev.gatewarden.sandbox", "warn");
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}

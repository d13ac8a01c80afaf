package dev.gatewarden.paloalto;

import dev.gatewarden.GatewardenException.ConfigException;
import dev.gatewarden.spi.Secret;
import dev.gatewarden.spi.SettingSpec;
import dev.gatewarden.spi.Settings;
import dev.gatewarden.tls.TlsOptions;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** The validated settings of one {@code paloalto} firewall entry. */
record PanOsSettings(URI url, Secret apiKey, String username, Secret password, Location location, String vsys,
                     String deviceGroup, boolean panorama, Mode mode, boolean partialCommit, boolean multiConfig,
                     Duration commitTimeout, Duration pollInterval, Duration pollMaxInterval, Duration requestTimeout,
                     Duration registrationTimeout, TlsOptions tls) {

    enum Location { VSYS, DEVICE_GROUP, SHARED }

    static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(PanOsSettings.class);

    enum Mode { STATIC_GROUP, DYNAMIC_TAGS }

    static final String URL = "url";
    static final String API_KEY = "apiKey";
    static final String USERNAME = "username";
    static final String PASSWORD = "password";
    static final String LOCATION = "location";
    static final String VSYS = "vsys";
    static final String DEVICE_GROUP = "deviceGroup";
    static final String PANORAMA = "panorama";
    static final String MODE = "mode";
    static final String PARTIAL_COMMIT = "partialCommit";
    static final String MULTI_CONFIG = "multiConfig";
    static final String COMMIT_TIMEOUT = "commitTimeout";
    static final String POLL_INTERVAL = "pollInterval";
    static final String POLL_MAX_INTERVAL = "pollMaxInterval";
    /** Each pause between job polls is this many times the one before, up to {@code pollMaxInterval}. */
    static final int POLL_BACKOFF = 2;
    static final String REQUEST_TIMEOUT = "requestTimeout";
    static final String REGISTRATION_TIMEOUT = "registrationTimeout";
    private static final Pattern VSYS_NAME = Pattern.compile("vsys[0-9]{1,4}");

    static List<SettingSpec> specs() {
        List<SettingSpec> s = new ArrayList<>(List.of(
                SettingSpec.string(URL, true, "https://<firewall or Panorama>; the XML API is at /api/"),
                SettingSpec.secret(API_KEY, false, "the API key (sent in the X-PAN-KEY header); or username + password"),
                SettingSpec.string(USERNAME, false, "admin user for a one-time type=keygen, and the admin whose "
                        + "changes a partial commit covers (needed with apiKey when partialCommit is on)"),
                SettingSpec.secret(PASSWORD, false, "password of username, for type=keygen"),
                SettingSpec.oneOf(LOCATION, false, "where the objects live", "vsys", "vsys", "device-group", "shared"),
                SettingSpec.string(VSYS, false, "the vsys for location vsys (default vsys1)"),
                SettingSpec.string(DEVICE_GROUP, false, "the Panorama device group (location device-group), pushed "
                        + "with commit-all"),
                SettingSpec.bool(PANORAMA, "the URL is a Panorama (default: true for location device-group)", false),
                SettingSpec.oneOf(MODE, false, "static-group: address objects in a static group, committed; "
                        + "dynamic-tags: registered IPs matched by a dynamic group, no commit", "static-group",
                        "static-group", "dynamic-tags"),
                SettingSpec.bool(PARTIAL_COMMIT, "commit only this admin's changes (never other admins' pending work)",
                        true),
                SettingSpec.bool(MULTI_CONFIG, "send all changes in one transactional multi-config request "
                        + "(PAN-OS 10.2+; turn off for older releases)", true),
                new SettingSpec(COMMIT_TIMEOUT, SettingSpec.Type.DURATION, false, "how long to wait for a commit or "
                        + "push job", List.of(), "10m"),
                new SettingSpec(POLL_INTERVAL, SettingSpec.Type.DURATION, false, "first pause between job polls; "
                        + "each later pause doubles, up to pollMaxInterval", List.of(), "250ms"),
                new SettingSpec(POLL_MAX_INTERVAL, SettingSpec.Type.DURATION, false, "longest pause between job "
                        + "polls", List.of(), "5s"),
                new SettingSpec(REQUEST_TIMEOUT, SettingSpec.Type.DURATION, false, "timeout of one API request",
                        List.of(), "60s"),
                new SettingSpec(REGISTRATION_TIMEOUT, SettingSpec.Type.DURATION, false, "dynamic-tags: expiry of "
                        + "each registration (0 = none); a dead-man switch when Gatewarden stops", List.of(), "0s")));
        s.addAll(TlsOptions.settingSpecs());
        return List.copyOf(s);
    }

    static PanOsSettings from(String name, Settings s) {
        return from(name, s, true);
    }

    /** The settings, checked; {@code warn}: log what is allowed but unwise (once per run, at creation). */
    static PanOsSettings from(String name, Settings s, boolean warn) {
        String where = s.where() == null ? "firewalls[" + name + "]" : s.where();
        String rawUrl = s.requireString(URL);
        URI url;
        try {
            url = URI.create(rawUrl.endsWith("/") ? rawUrl.substring(0, rawUrl.length() - 1) : rawUrl);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(where + ": url '" + rawUrl + "' is not a URL", e);
        }
        if (!"https".equalsIgnoreCase(url.getScheme()) || url.getHost() == null) {
            throw new ConfigException(where + ": url must be https://<host>[:port] (the API key must not travel in "
                    + "clear text); got '" + rawUrl + "'");
        }
        if (url.getRawQuery() != null || url.getUserInfo() != null) {
            throw new ConfigException(where + ": url must not carry a query or user info; put credentials in apiKey "
                    + "or username/password");
        }
        Secret apiKey = s.secret(API_KEY).orElse(null);
        String username = s.string(USERNAME).orElse(null);
        Secret password = s.secret(PASSWORD).orElse(null);
        if (apiKey == null && (username == null || password == null)) {
            throw new ConfigException(where + ": set apiKey, or username and password (for a one-time keygen)");
        }
        Location location = switch (s.string(LOCATION, "vsys")) {
            case "vsys" -> Location.VSYS;
            case "device-group" -> Location.DEVICE_GROUP;
            case "shared" -> Location.SHARED;
            default -> throw new ConfigException(where + ": location must be vsys, device-group or shared");
        };
        String vsys = s.string(VSYS, "vsys1");
        if (!VSYS_NAME.matcher(vsys).matches()) {
            throw new ConfigException(where + ": vsys must look like vsys1, got '" + vsys + "'");
        }
        String dg = s.string(DEVICE_GROUP).orElse(null);
        if (location == Location.DEVICE_GROUP && dg == null) {
            throw new ConfigException(where + ": location device-group needs deviceGroup");
        }
        if (dg != null) {
            String problem = PanOsNames.RULES.check(dg);
            if (problem != null) {
                throw new ConfigException(where + ": deviceGroup " + problem);
            }
        }
        boolean panorama = s.bool(PANORAMA, location == Location.DEVICE_GROUP);
        if (location == Location.DEVICE_GROUP && !panorama) {
            throw new ConfigException(where + ": location device-group exists only on Panorama; remove panorama: false");
        }
        Mode mode = switch (s.string(MODE, "static-group")) {
            case "static-group" -> Mode.STATIC_GROUP;
            case "dynamic-tags" -> Mode.DYNAMIC_TAGS;
            default -> throw new ConfigException(where + ": mode must be static-group or dynamic-tags");
        };
        if (mode == Mode.DYNAMIC_TAGS && panorama) {
            throw new ConfigException(where + ": mode dynamic-tags registers IPs on a firewall's User-ID API; with "
                    + "Panorama use mode static-group, or add one dynamic-tags entry per firewall");
        }
        boolean partial = s.bool(PARTIAL_COMMIT, true);
        if (partial && username == null) {
            if (s.has(PARTIAL_COMMIT)) {
                throw new ConfigException(where + ": partialCommit commits only the changes of the API key's admin, "
                        + "so Gatewarden needs that admin's name: set username, or set partialCommit: false to "
                        + "commit every pending change on the firewall");
            }
            if (warn) {
                LOG.warn("{}: username is not set, so Gatewarden cannot limit its commits to the API key's admin; it "
                        + "will commit with a full commit, which also commits other administrators' pending changes. "
                        + "Set username to the API key's admin (or partialCommit: false to silence this).", where);
            }
            partial = false;
        }
        Duration commitTimeout = duration(where, s, COMMIT_TIMEOUT, Duration.ofMinutes(10));
        Duration poll = duration(where, s, POLL_INTERVAL, Duration.ofMillis(250));
        Duration pollMax = duration(where, s, POLL_MAX_INTERVAL, Duration.ofSeconds(5));
        if (poll.isNegative() || pollMax.isNegative()) {
            throw new ConfigException(where + ": pollInterval and pollMaxInterval must not be negative");
        }
        if (pollMax.compareTo(poll) < 0) {
            if (s.has(POLL_MAX_INTERVAL)) {
                throw new ConfigException(where + ": pollMaxInterval (" + pollMax + ") is shorter than pollInterval ("
                        + poll + "); raise pollMaxInterval or lower pollInterval");
            }
            pollMax = poll;
        }
        Duration request = duration(where, s, REQUEST_TIMEOUT, Duration.ofSeconds(60));
        Duration registration = duration(where, s, REGISTRATION_TIMEOUT, Duration.ZERO);
        if (registration.toSeconds() > 2_592_000L) {
            throw new ConfigException(where + ": registrationTimeout is at most 30d (PAN-OS limit 2592000 s)");
        }
        if (request.isZero() || request.isNegative() || commitTimeout.isZero() || commitTimeout.isNegative()) {
            throw new ConfigException(where + ": requestTimeout and commitTimeout must be positive");
        }
        return new PanOsSettings(url, apiKey, username, password, location, vsys, dg, panorama, mode, partial,
                s.bool(MULTI_CONFIG, true), commitTimeout, poll, pollMax, request, registration, TlsOptions.from(s));
    }

    static Duration duration(String where, Settings s, String key, Duration def) {
        Object raw;
        try {
            raw = s.string(key).orElse(null);
        } catch (ConfigException e) {
            throw new ConfigException(where + ": " + key + " must be a duration like 30s, 5m or PT30S");
        }
        if (raw == null) {
            return def;
        }
        String v = raw.toString().trim();
        if (v.matches("\\d+")) {
            return Duration.ofSeconds(Long.parseLong(v)); // a bare number: seconds
        }
        return Settings.parseDuration(v).orElseThrow(() -> new ConfigException(where + ": " + key
                + " must be a duration like 30s, 5m or PT30S, got '" + raw + "'"));
    }

    /** The pause after {@code previous} between two polls of one job: doubled, at most {@link #pollMaxInterval}. */
    Duration nextPoll(Duration previous) {
        Duration next = previous.multipliedBy(POLL_BACKOFF);
        return next.compareTo(pollMaxInterval) > 0 ? pollMaxInterval : next;
    }

    /** The XPath of the location: a vsys entry, a device-group entry or shared. */
    String locationXpath() {
        return switch (location) {
            case VSYS -> "/config/devices/entry[@name='localhost.localdomain']/vsys/entry[@name='" + vsys + "']";
            case DEVICE_GROUP -> "/config/devices/entry[@name='localhost.localdomain']/device-group/entry[@name='"
                    + deviceGroup + "']";
            case SHARED -> "/config/shared";
        };
    }

    /** Words for messages, e.g. {@code vsys vsys1}. */
    String locationLabel() {
        return switch (location) {
            case VSYS -> "vsys " + vsys;
            case DEVICE_GROUP -> "device group " + deviceGroup;
            case SHARED -> "shared";
        };
    }

    /** Masks secrets. */
    @Override
    public String toString() {
        return "PanOsSettings[" + url + ", " + locationLabel() + ", " + mode + (panorama ? ", panorama" : "")
                + (apiKey != null ? ", apiKey=" + apiKey : "") + (username != null ? ", username=" + username : "")
                + (password != null ? ", password=" + password : "") + "]";
    }
}

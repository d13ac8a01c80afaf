package dev.gatewarden.fortinet;

import dev.gatewarden.GatewardenException.ConfigException;
import dev.gatewarden.ownership.NameRules;
import dev.gatewarden.spi.FirewallAdapter;
import dev.gatewarden.spi.FirewallAdapterFactory;
import dev.gatewarden.spi.PluginContext;
import dev.gatewarden.spi.Secret;
import dev.gatewarden.spi.SettingSpec;
import dev.gatewarden.spi.Settings;
import dev.gatewarden.tls.TlsContexts;
import dev.gatewarden.tls.TlsOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The {@code fortinet} firewall type: a FortiGate VDOM managed through the FortiOS REST API. */
public final class FortiOsFirewallAdapterFactory implements FirewallAdapterFactory {
    public static final String ID = "fortinet";
    public static final String URL = "url";
    public static final String TOKEN = "token";
    public static final String VDOM = "vdom";
    public static final String TRANSACTIONS = "transactions";
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "Fortinet FortiGate (FortiOS REST API): firewall/address(6) objects and addrgrp(6) groups in one VDOM";
    }

    @Override
    public List<SettingSpec> settings() {
        List<SettingSpec> s = new ArrayList<>();
        s.add(SettingSpec.string(URL, true, "https://address[:port] of the FortiGate's HTTPS admin interface"));
        s.add(SettingSpec.secret(TOKEN, true, "REST API admin token (sent as Authorization: Bearer); "
                + "${env:NAME} or ${file:/path}"));
        s.add(new SettingSpec(VDOM, SettingSpec.Type.STRING, false, "the VDOM to manage", List.of(), "root"));
        s.add(SettingSpec.oneOf(TRANSACTIONS, false, "batch transactions: auto (when FortiOS 6.4+), on (required), "
                + "off (ordered single calls)", "auto", "auto", "on", "off"));
        s.addAll(TlsOptions.settingSpecs());
        return List.copyOf(s);
    }

    @Override
    public NameRules nameRules() {
        return FortiOsFirewallAdapter.NAME_RULES;
    }

    @Override
    public FirewallAdapter create(String name, Settings settings, PluginContext context) {
        Checked c = checked(settings, true);
        HttpClient http = TlsContexts.httpClient(name, c.tls(), CONNECT_TIMEOUT);
        FortiOsApi api = new HttpFortiOsApi(name, c.base(), c.token(), c.vdom(), http, context.calls(), REQUEST_TIMEOUT);
        return new FortiOsFirewallAdapter(name, api, context.owner(), c.vdom(), c.transactions());
    }

    @Override
    public void check(String name, Settings settings) {
        // validate may run without resolving secrets: the token's value is checked at creation only
        TlsContexts.check(settings.where(), checked(settings, false).tls());
    }

    /** A firewall entry's settings, checked. */
    private record Checked(URI base, Secret token, String vdom, FortiOsFirewallAdapter.Transactions transactions,
                           TlsOptions tls) {
    }

    private static Checked checked(Settings settings, boolean tokenResolved) {
        String where = settings.where();
        URI base = baseUri(where, settings.requireString(URL));
        Secret token = settings.secret(TOKEN).orElseThrow(() -> new ConfigException(where + ": " + TOKEN
                + " is required: a FortiOS REST API admin token, as ${env:NAME} or ${file:/path}"));
        if (tokenResolved && token.reveal().isBlank()) {
            throw new ConfigException(where + ": " + TOKEN + " " + token.reference() + " resolved to an empty value");
        }
        String vdom = settings.string(VDOM, "root");
        if (!vdom.matches("[A-Za-z0-9_-]{1,31}")) {
            throw new ConfigException(where + ": " + VDOM + " '" + vdom + "' is not a VDOM name (letters, digits, "
                    + "'-' and '_', at most 31)");
        }
        String t = settings.string(TRANSACTIONS, "auto").toLowerCase(Locale.ROOT);
        FortiOsFirewallAdapter.Transactions mode = switch (t) {
            case "auto" -> FortiOsFirewallAdapter.Transactions.AUTO;
            case "on" -> FortiOsFirewallAdapter.Transactions.ON;
            case "off" -> FortiOsFirewallAdapter.Transactions.OFF;
            default -> throw new ConfigException(where + ": " + TRANSACTIONS + " must be auto, on or off, got '"
                    + t + "'");
        };
        return new Checked(base, token, vdom, mode, TlsOptions.from(settings));
    }

    static URI baseUri(String where, String url) {
        URI u;
        try {
            u = URI.create(url.trim());
        } catch (IllegalArgumentException e) {
            throw new ConfigException(where + ": " + URL + " is not a URL (" + e.getMessage().replaceAll("\\?.*", "")
                    + ")");
        }
        if (u.getRawUserInfo() != null || u.getRawQuery() != null || u.getRawFragment() != null
                || (u.getRawPath() != null && !u.getRawPath().isEmpty() && !u.getRawPath().equals("/"))) {
            throw new ConfigException(where + ": " + URL + " must be just https://host[:port], without path, query "
                    + "or credentials (put the token in '" + TOKEN + "')");
        }
        if (!"https".equalsIgnoreCase(u.getScheme()) || u.getHost() == null) {
            throw new ConfigException(where + ": " + URL + " must be https://host[:port] (the REST API token must "
                    + "not travel in clear text), got '" + url + "'");
        }
        return URI.create("https://" + u.getRawAuthority());
    }
}

package dev.gatewarden.fortinet;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** One planned cmdb write: {@code POST} (create), {@code PUT} (replace) or {@code DELETE} of one table entry. */
record FortiOsWrite(String method, FortiOsTable table, String mkey, ObjectNode body, String description) {
    String path() {
        return "/firewall/" + table.path() + (method.equals("POST") ? "" : "/" + HttpFortiOsApi.encode(mkey));
    }
}

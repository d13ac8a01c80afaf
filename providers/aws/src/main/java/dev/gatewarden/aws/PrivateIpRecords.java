package dev.gatewarden.aws;

import dev.gatewarden.model.SlotId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.ec2.model.NetworkInterface;

/**
 * Ownership records of secondary private IPs. EC2 cannot tag a private IP, so the record lives on the network
 * interface that holds it: one tag per owned IP, key {@code gatewarden-ip-10-0-1-25}, value
 * {@code <owner>/<gateway>/<slot index>}.
 */
final class PrivateIpRecords {
    static final String PREFIX = "gatewarden-ip-";

    private PrivateIpRecords() {
    }

    record Record(String owner, SlotId slot) {
    }

    static String key(String ip) {
        return PREFIX + ip.replace('.', '-');
    }

    /** The IP a record key names, or null when the key is not a record key. */
    static String ipOf(String key) {
        if (key == null || !key.startsWith(PREFIX)) {
            return null;
        }
        String ip = key.substring(PREFIX.length()).replace('-', '.');
        return ip.matches("\\d{1,3}(\\.\\d{1,3}){3}") ? ip : null;
    }

    static String value(String owner, SlotId slot) {
        return owner + "/" + slot.gateway() + "/" + slot.index();
    }

    /** The record a tag value holds, or null when it is not one. */
    static Record parse(String value) {
        if (value == null) {
            return null;
        }
        String[] parts = value.split("/", -1);
        if (parts.length != 3 || parts[0].isEmpty() || parts[1].isEmpty()) {
            return null;
        }
        try {
            return new Record(parts[0], new SlotId(parts[1], Integer.parseInt(parts[2])));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The IP one of {@code enis} holds and records as {@code slot} of {@code owner}. */
    static Optional<String> recordedIp(List<NetworkInterface> enis, String owner, SlotId slot) {
        for (NetworkInterface e : enis) {
            for (Map.Entry<String, String> t : Ec2Tags.tags(e.tagSet()).entrySet()) {
                String ip = ipOf(t.getKey());
                Record r = parse(t.getValue());
                if (ip != null && r != null && r.owner().equals(owner) && r.slot().equals(slot)
                        && Ec2Interfaces.privateIps(e).contains(ip)) {
                    return Optional.of(ip);
                }
            }
        }
        return Optional.empty();
    }
}

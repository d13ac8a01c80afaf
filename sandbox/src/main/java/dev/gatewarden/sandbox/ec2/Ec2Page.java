package dev.gatewarden.sandbox.ec2;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/** One page of a Describe result and the token of the next: EC2's {@code MaxResults} / {@code NextToken} paging. */
record Ec2Page<T>(List<T> items, String nextToken) {
    /** The page of {@code all} that {@code MaxResults} and {@code NextToken} ask for (MaxResults excludes ids). */
    static <T> Ec2Page<T> of(Ec2Params p, String action, boolean byIds, String idsName, List<T> all) {
        Integer max = p.integer("MaxResults");
        String token = p.get("NextToken");
        if (max != null && byIds) {
            throw Ec2Error.badRequest("InvalidParameterCombination",
                    "The parameter " + idsName + " cannot be used with the parameter maxResults");
        }
        if (max != null && (max < 5 || max > 1000)) {
            throw Ec2Error.invalidValue("Value ( " + max + " ) for parameter maxResults is invalid. "
                    + "Expecting a value between 5 and 1000.");
        }
        int offset = 0;
        if (token != null && !token.isEmpty()) {
            offset = decodeToken(action, token);
            if (offset > all.size()) {
                throw Ec2Error.badRequest("InvalidPaginationToken", "Invalid pagination token");
            }
        }
        if (max == null && offset == 0) {
            return new Ec2Page<>(all, null);
        }
        int size = max == null ? 1000 : max;
        int end = Math.min(all.size(), offset + size);
        String next = end < all.size() ? encodeToken(action, end) : null;
        return new Ec2Page<>(all.subList(offset, end), next);
    }

    private static String encodeToken(String action, int offset) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((action + ":" + offset).getBytes(StandardCharsets.UTF_8));
    }

    private static int decodeToken(String action, String token) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            if (text.startsWith(action + ":")) {
                return Integer.parseInt(text.substring(action.length() + 1));
            }
        } catch (IllegalArgumentException e) {
            // falls through
        }
        throw Ec2Error.badRequest("InvalidPaginationToken", "Invalid pagination token '" + token + "'");
    }
}

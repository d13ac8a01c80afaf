package dev.gatewarden.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatewarden.ownership.Ownership;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The shipped minimal IAM policy (examples/aws/iam-policy.json) against what the provider does and IAM's rules. */
class IamPolicyTest {
    private static final Path POLICY = Path.of("../../examples/aws/iam-policy.json");

    private static List<JsonNode> statements() throws IOException {
        List<JsonNode> out = new ArrayList<>();
        new ObjectMapper().readTree(POLICY.toFile()).path("Statement").forEach(out::add);
        return out;
    }

    private static boolean allows(JsonNode statement, String action) {
        JsonNode a = statement.path("Action");
        if (a.isTextual()) {
            return a.asText().equals(action);
        }
        for (JsonNode x : a) {
            if (x.asText().equals(action)) {
                return true;
            }
        }
        return false;
    }

    @Test
    void tagKeyConditionsRequireTagKeys() throws IOException {
        int checked = 0;
        for (JsonNode s : statements()) {
            JsonNode forAll = s.path("Condition").path("ForAllValues:StringLike").path("aws:TagKeys");
            JsonNode forAllEq = s.path("Condition").path("ForAllValues:StringEquals").path("aws:TagKeys");
            if ((allows(s, "ec2:CreateTags") || allows(s, "ec2:DeleteTags")) && !(forAll.isMissingNode()
                    && forAllEq.isMissingNode())) {
                // ForAllValues is true for a request without tag keys; DeleteTags without keys deletes every tag
                assertEquals("false", s.path("Condition").path("Null").path("aws:TagKeys").asText(),
                        s.path("Sid").asText() + " must pair ForAllValues on aws:TagKeys with Null=false");
                checked++;
            }
        }
        assertTrue(checked >= 1, "the interface record statement was checked");
    }

    @Test
    void externalElasticIpsWithoutAnOwnerTagMayBeAttached() throws IOException {
        // ElasticIpChanges attaches an EIP that is ours, or external without an owner tag: the policy must allow both
        JsonNode external = statements().stream().filter(s -> allows(s, "ec2:AssociateAddress")
                        && allows(s, "ec2:DisassociateAddress")
                        && Ownership.LIFECYCLE_EXTERNAL.equals(s.path("Condition").path("StringEquals")
                                .path("aws:ResourceTag/" + Ownership.LIFECYCLE).asText()))
                .findFirst().orElseThrow(() -> new AssertionError("no statement lets the provider attach external "
                        + "Elastic IPs without an owner tag"));
        assertEquals("true", external.path("Condition").path("Null").path("aws:ResourceTag/" + Ownership.OWNER)
                .asText(), "only unowned external addresses (the provider refuses another owner's)");
        assertFalse(allows(external, "ec2:ReleaseAddress"), "external addresses are never released");
    }
}

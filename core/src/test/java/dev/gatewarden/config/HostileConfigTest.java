package dev.gatewarden.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatewarden.GatewardenException.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Configs written to hurt: each is refused quickly with a located problem, none escapes as another exception. */
class HostileConfigTest {
    private static final SecretResolver NO_ENV = SecretResolver.from(Map.of());

    @TempDir
    Path dir;

    private static InvalidConfigException invalid(String yaml) {
        return assertThrows(InvalidConfigException.class,
                () -> ConfigLoader.parse("c.yaml", yaml, TestCatalog.catalog(), NO_ENV));
    }

    @Test
    void aFiftyMegabyteCommentLineIsRefusedAtOnce() {
        // before: the YAML scanner took time quadratic in the line's length (> 120 s for 50 MB)
        String yaml = "owner: x\n#" + "a".repeat(50_000_000) + "\n";
        InvalidConfigException e = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> invalid(yaml));
        assertEquals(1, e.problems().size(), e.getMessage());
        assertTrue(e.getMessage().startsWith("c.yaml:"), e.getMessage());
        assertTrue(e.getMessage().contains("more than the " + ConfigLoader.MAX_BYTES), e.getMessage());
    }

    @Test
    void aLongLineIsALocatedProblemBeforeParsing() {
        String yaml = "owner: x\n#" + "a".repeat(3_000_000) + "\n";
        InvalidConfigException e = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> invalid(yaml));
        assertEquals("c.yaml:2:1: line 2 is 3000001 characters long, more than the 16384 accepted; a config line "
                + "holds one setting: split or shorten it", e.getMessage());
    }

    @Test
    void deepNestingIsALocatedProblem() {
        String yaml = "owner: x\nfoo: " + "[".repeat(5000) + "]".repeat(5000) + "\n";
        InvalidConfigException e = invalid(yaml);
        assertTrue(e.getMessage().matches("(?s)c\\.yaml:2:\\d+: foo(\\[0])+: nested deeper than 32 levels.*"),
                e.getMessage());
    }

    @Test
    void aliasesAreNeverExpandedAndTheProblemsAreBounded() {
        StringBuilder b = new StringBuilder("owner: x\na0: &a0 [x, x, x, x, x, x, x, x, x]\n");
        for (int i = 1; i < 30; i++) {
            b.append("a").append(i).append(": &a").append(i).append(" [")
                    .append(("*a" + (i - 1) + ", ").repeat(8)).append("*a").append(i - 1).append("]\n");
        }
        InvalidConfigException e = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> invalid(b.toString()));
        assertEquals(Problems.MAX_REPORTED + 1, e.problems().size());
        assertTrue(e.problems().get(3).toString().contains("YAML aliases (*name) are not supported"), e.getMessage());
        assertTrue(e.getMessage().endsWith("more problem(s) not listed; fix the ones above and validate again"),
                e.getMessage());
    }

    /** A gateway whose addresses are written as given. */
    private static InvalidConfigException withAddresses(String addresses) {
        return invalid("""
                owner: x
                clouds:
                  - {name: c, provider: aws, region: eu-west-1}
                gateways:
                  - name: g
                    cloud: c
                    addresses: %s
                    nodes: [aws:///eu-west-1a/i-0a1b2c3d4e5f60001]
                """.formatted(addresses));
    }

    @Test
    void tooManyAddressesAreALocatedProblem() {
        // before: validate passed and plan crashed with a stack trace
        assertEquals("c.yaml:7:16: gateways[0].addresses: at most 256 addresses per gateway, got 2147483647; split "
                + "the gateway in several (a cloud node carries far fewer: AWS allows at most 50 private IPs per "
                + "interface)", withAddresses("2147483647").getMessage());
    }

    @Test
    void hugeNumbersAreTooLargeNotStrings() {
        InvalidConfigException e = withAddresses("9".repeat(5000));
        assertTrue(e.getMessage().contains("c.yaml:7:16: gateways[0].addresses: number of 5000 digits is too large"),
                e.getMessage());
        e = withAddresses("99999999999");
        assertTrue(e.getMessage().contains("gateways[0].addresses: the number 99999999999 is too large"),
                e.getMessage());
    }

    @Test
    void aDirectoryAsConfigIsNamedAsSuch() {
        // before: "cannot read the config (IOException)"
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(dir, TestCatalog.catalog(), NO_ENV));
        assertEquals(dir + ": is a directory; pass the config file itself with -f <file>, e.g. -f "
                + dir.resolve("gatewarden.yaml"), e.getMessage());
    }

    @Test
    void aDeviceAsConfigIsRefusedWithoutReadingIt() {
        Path zero = Path.of("/dev/zero");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(zero));
        ConfigException e = assertTimeoutPreemptively(Duration.ofSeconds(5),
                () -> assertThrows(ConfigException.class, () -> ConfigLoader.load(zero, TestCatalog.catalog(), NO_ENV)));
        assertTrue(e.getMessage().startsWith("/dev/zero: is not a regular file"), e.getMessage());
    }

    @Test
    void aFifoAsConfigDoesNotBlock() throws Exception {
        Path fifo = dir.resolve("fifo");
        Process p = new ProcessBuilder("mkfifo", fifo.toString()).start();
        org.junit.jupiter.api.Assumptions.assumeTrue(p.waitFor() == 0 && Files.exists(fifo));
        ConfigException e = assertTimeoutPreemptively(Duration.ofSeconds(5),
                () -> assertThrows(ConfigException.class, () -> ConfigLoader.load(fifo, TestCatalog.catalog(), NO_ENV)));
        assertTrue(e.getMessage().contains("is not a regular file"), e.getMessage());
    }

    @Test
    void aFileReferenceToADeviceIsALocatedProblemNotOutOfMemory() {
        // before: ${file:/dev/zero} read until OutOfMemoryError
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(Path.of("/dev/zero")));
        InvalidConfigException e = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> invalid("""
                owner: x
                auditLog: ${file:/dev/zero}
                """));
        assertEquals("c.yaml:2:11: auditLog: cannot resolve ${file:/dev/zero}: /dev/zero is not a regular file (a "
                + "device, FIFO or socket); reference a file that holds only the value", e.getMessage());
    }

    @Test
    void aFileReferenceToADirectoryOrAHugeFileIsALocatedProblem() throws Exception {
        InvalidConfigException e = invalid("owner: x\nauditLog: ${file:" + dir + "}\n");
        assertTrue(e.getMessage().contains(dir + " is a directory"), e.getMessage());
        Path big = Files.write(dir.resolve("big"), new byte[(int) SecretResolver.Reference.MAX_FILE_BYTES + 1]);
        e = invalid("owner: x\nauditLog: ${file:" + big + "}\n");
        assertTrue(e.getMessage().contains("is larger than 65536 bytes"), e.getMessage());
        assertFalse(e.getMessage().contains("\u0000"));
    }
}

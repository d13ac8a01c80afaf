package dev.gatewarden.config;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.AccessDeniedException;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a reference ({@code ${env:NAME}} or {@code ${file:/path}}) into its value. The config holds references
 * only; the values live in the environment or in files (e.g. Kubernetes secret volumes).
 */
@FunctionalInterface
public interface SecretResolver {

    /**
     * The value the reference points to.
     *
     * @throws UnresolvedReferenceException saying why (never containing the value)
     */
    String resolve(Reference reference);

    /**
     * Whether {@code SECRET} settings are resolved (the default) or only their references checked. Other
     * references ({@code owner}, {@code auditLog}, non-secret settings) are always resolved: their values are
     * validated.
     */
    default boolean resolvesSecrets() {
        return true;
    }

    /** Told of each secret reference left unresolved (only when {@link #resolvesSecrets()} is false). */
    default void unresolvedSecret(ConfigProblem where) {
    }

    /**
     * A resolver that checks the shape of secret references without reading them (for {@code validate}: no
     * secret needs to be present), resolves every other reference with {@code others}, and tells
     * {@code unresolved} where each secret reference was left unresolved.
     */
    static SecretResolver checkingSecretsOnly(SecretResolver others, Consumer<ConfigProblem> unresolved) {
        Objects.requireNonNull(others, "others");
        Objects.requireNonNull(unresolved, "unresolved");
        return new SecretResolver() {
            @Override
            public String resolve(Reference reference) {
                return others.resolve(reference);
            }

            @Override
            public boolean resolvesSecrets() {
                return false;
            }

            @Override
            public void unresolvedSecret(ConfigProblem where) {
                unresolved.accept(where);
            }
        };
    }

    /** The environment of this process and the file system; files are read as UTF-8, a trailing newline dropped. */
    static SecretResolver defaults() {
        return from(System::getenv);
    }

    /** Environment variables from {@code env} (tests), files from the file system. */
    static SecretResolver from(Map<String, String> env) {
        Map<String, String> copy = Map.copyOf(env);
        return from(copy::get);
    }

    /** Environment variables from {@code env}, files from the file system. */
    static SecretResolver from(Function<String, String> env) {
        Objects.requireNonNull(env, "env");
        return reference -> switch (reference.kind()) {
            case ENV -> {
                String v = env.apply(reference.name());
                if (v == null) {
                    throw new UnresolvedReferenceException("environment variable " + reference.name()
                            + " is not set; export it before running gatewarden or change the reference");
                }
                yield v;
            }
            case FILE -> readFile(reference);
        };
    }

    private static String readFile(Reference reference) {
        Path path = Path.of(reference.name());
        try {
            return stripTrailingNewline(BoundedFile.readUtf8(path, (int) Reference.MAX_FILE_BYTES));
        } catch (BoundedFile.DirectoryException e) {
            throw new UnresolvedReferenceException(path + " is a directory; reference the file inside it");
        } catch (BoundedFile.NotRegularException e) {
            throw new UnresolvedReferenceException(path + " is not a regular file (a device, FIFO or socket); "
                    + "reference a file that holds only the value");
        } catch (BoundedFile.TooLargeException e) {
            throw new UnresolvedReferenceException(path + " is larger than " + Reference.MAX_FILE_BYTES
                    + " bytes; reference the file that holds only the value");
        } catch (CharacterCodingException e) {
            throw new UnresolvedReferenceException("file " + path + " is not UTF-8 text; save the value as UTF-8");
        } catch (NoSuchFileException e) {
            throw new UnresolvedReferenceException("file " + path + " does not exist; create it or fix the path");
        } catch (AccessDeniedException e) {
            throw new UnresolvedReferenceException("file " + path + " is not readable by this process; fix its permissions");
        } catch (IOException e) {
            // the exception's message names the file, never its content
            throw new UnresolvedReferenceException("cannot read file " + path + " (" + e.getClass().getSimpleName()
                    + "); check the path and its permissions");
        }
    }

    /** Drops one trailing line break ({@code \n} or {@code \r\n}), as editors and {@code echo} add one. */
    static String stripTrailingNewline(String s) {
        if (s.endsWith("\r\n")) {
            return s.substring(0, s.length() - 2);
        }
        if (s.endsWith("\n")) {
            return s.substring(0, s.length() - 1);
        }
        return s;
    }

    /**
     * A parsed reference.
     *
     * @param text as written, e.g. {@code ${env:PANOS_API_KEY}}: safe to print
     * @param name the variable name or the file path
     */
    record Reference(Kind kind, String name, String text) {
        /** Secret files larger than this are refused (a reference to the wrong file, most likely). */
        public static final long MAX_FILE_BYTES = 64 * 1024;
        private static final Pattern WHOLE = Pattern.compile("^\\$\\{(env|file):([^}]+)}$");
        private static final Pattern ENV_NAME = Pattern.compile("^[A-Za-z_][A-Za-z0-9_]*$");

        public enum Kind { ENV, FILE }

        public Reference {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(name, "name");
            text = text == null ? "${" + kind.name().toLowerCase(Locale.ROOT) + ":" + name + "}" : text;
        }

        /** True when the text contains {@code ${}, i.e. it is meant as a reference (whole or not). */
        public static boolean looksLikeReference(String text) {
            return text != null && text.contains("${");
        }

        /**
         * Parses a whole-value reference.
         *
         * @return empty when {@code text} is not exactly one reference
         * @throws IllegalArgumentException when it is a reference with an invalid environment variable name
         */
        public static Optional<Reference> parse(String text) {
            if (text == null) {
                return Optional.empty();
            }
            Matcher m = WHOLE.matcher(text.trim());
            if (!m.matches()) {
                return Optional.empty();
            }
            Kind kind = m.group(1).equals("env") ? Kind.ENV : Kind.FILE;
            String name = m.group(2).trim();
            if (kind == Kind.ENV && !ENV_NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("'" + name + "' is not an environment variable name: use letters, "
                        + "digits and '_', not starting with a digit");
            }
            return Optional.of(new Reference(kind, name, text.trim()));
        }

        @Override
        public String toString() {
            return text;
        }
    }

    /** A reference that cannot be resolved; the message names the reference's target, never a value. */
    class UnresolvedReferenceException extends RuntimeException {
        public UnresolvedReferenceException(String message) {
            super(message);
        }
    }
}

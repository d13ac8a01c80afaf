package dev.gatewarden.config;

import dev.gatewarden.GatewardenException.ConfigException;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A config file with one or more problems; the message lists every one, one per line, as
 * {@code FILE:LINE:COL: field.path: what is wrong and how to fix it}.
 */
public class InvalidConfigException extends ConfigException {
    private final List<ConfigProblem> problems;

    public InvalidConfigException(List<ConfigProblem> problems) {
        super(problems.stream().map(ConfigProblem::toString).collect(Collectors.joining("\n")));
        this.problems = List.copyOf(problems);
    }

    public List<ConfigProblem> problems() {
        return problems;
    }
}

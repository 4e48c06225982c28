package dev.baton.cli;

import dev.baton.engine.model.ParamType;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** The -p and --param-file options of the commands that send params (submit, signal), mixed into each. */
public final class ParamOptions {
    @Option(names = {"-p", "--param"}, paramLabel = "NAME=VALUE", description = "A param value (repeatable).")
    List<String> params;

    @Option(names = "--param-file", paramLabel = "FILE", description = "A YAML or JSON object of params; -p wins over it.")
    Path paramFile;

    /** Checks the -p syntax, before any request is made. */
    Map<String, String> pairs() {
        return ParamArgs.pairs(params);
    }

    /** The params typed as {@code declared} says (null: each -p value read as YAML); see {@link ParamArgs}. */
    Map<String, Object> values(Map<String, String> pairs, Map<String, ParamType> declared) throws IOException {
        ParamArgs args = new ParamArgs();
        return args.typed(paramFile == null ? Map.of() : args.file(paramFile), pairs, declared);
    }
}

package dev.baton.cli;

import dev.baton.engine.model.ParamType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Params given on the command line ({@code -p name=value}, repeatable) and in a file ({@code --param-file},
 * a YAML or JSON object), typed by what the workflow declares: a string param keeps its text as written
 * ({@code -p date=20261124} stays a string), any other type reads the text as a YAML value
 * ({@code -p limit=10}, {@code -p regions=[us,eu]}, {@code -p flags={a: 1}}); an array param also takes
 * comma-separated items ({@code -p regions=us,eu}). {@code -p} wins over the file.
 */
public final class ParamArgs {
    private final YamlReader yaml = new YamlReader();

    /** {@code name=value} pairs, in order; a pair without {@code =} or without a name is a usage error. */
    public static Map<String, String> pairs(List<String> args) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String arg : args == null ? List.<String>of() : args) {
            int eq = arg.indexOf('=');
            if (eq <= 0) {
                throw UserError.usage("bad -p \"" + arg + "\": expected name=value");
            }
            out.put(arg.substring(0, eq).strip(), arg.substring(eq + 1));
        }
        return out;
    }

    /** The params of a file: a YAML or JSON object of name to value. */
    public Map<String, Object> file(Path path) throws IOException {
        if (!Files.isRegularFile(path)) {
            throw UserError.usage("no param file at " + path);
        }
        List<Object> docs = yaml.documents(Files.readString(path));
        if (docs.size() != 1 || !(docs.get(0) instanceof Map<?, ?> map)) {
            throw UserError.usage("param file " + path + " must hold one object of name: value");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        map.forEach((k, v) -> out.put(String.valueOf(k), v));
        return out;
    }

    /**
     * The file's params, then the pairs typed by {@code declared} (a param the workflow does not declare is an
     * error naming those it does; with {@code declared} null every value is read as YAML).
     */
    public Map<String, Object> typed(Map<String, Object> fromFile, Map<String, String> pairs, Map<String, ParamType> declared) {
        Map<String, Object> out = new LinkedHashMap<>(fromFile);
        pairs.forEach((name, text) -> {
            if (declared != null && !declared.containsKey(name)) {
                throw UserError.usage("the workflow declares no param \"" + name + "\""
                        + (declared.isEmpty() ? " (it declares none)" : " (it declares " + String.join(", ", declared.keySet()) + ")"));
            }
            out.put(name, value(name, text, declared == null ? null : declared.get(name)));
        });
        if (declared != null) {
            out.keySet().stream().filter(n -> !declared.containsKey(n)).findFirst().ifPresent(n -> {
                throw UserError.usage("the workflow declares no param \"" + n + "\" (from the param file)");
            });
        }
        return out;
    }

    /** One value typed by its declared type (null: read as YAML). */
    Object value(String name, String text, ParamType type) {
        if (type == ParamType.STRING) {
            return text;
        }
        try {
            if (isArray(type) && !text.strip().startsWith("[")) {
                List<Object> items = new ArrayList<>();
                for (String item : text.split(",", -1)) {
                    items.add(type == ParamType.STRING_ARRAY ? item.strip() : yaml.value(item.strip()));
                }
                return items;
            }
            return yaml.value(text);
        } catch (IOException e) {
            throw UserError.usage("bad -p " + name + ": \"" + text + "\" is not a value of type "
                    + (type == null ? "YAML" : type.name().toLowerCase(java.util.Locale.ROOT)));
        }
    }

    private static boolean isArray(ParamType type) {
        return type == ParamType.STRING_ARRAY || type == ParamType.LONG_ARRAY || type == ParamType.DOUBLE_ARRAY
                || type == ParamType.BOOLEAN_ARRAY;
    }
}

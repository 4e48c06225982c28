package dev.baton.engine;

import dev.baton.engine.model.FieldError;
import dev.baton.engine.model.StepAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a notebook step's own fields: one source (an inline notebook is parsed here, so a notebook that is
 * not JSON, or not a Jupyter notebook, is a field error before anything runs), params whose names papermill
 * can inject, the kernel and where the executed notebook goes.
 */
final class NotebookStepReader {
    static final Set<String> FIELDS = SpecFields.keys("source", "params", "kernel", "output", "env", "resources");
    /** An inline notebook travels to the pod in an env var, which Linux bounds at 128 KiB; half leaves room. */
    static final int MAX_INLINE_BYTES = 64 * 1024;
    private static final Pattern IDENTIFIER = Pattern.compile("^[A-Za-z_][A-Za-z0-9_]*$");
    private static final Pattern KERNEL = Pattern.compile("^[A-Za-z0-9._-]+$");
    /** Python's keywords, which papermill would inject as `name = value`, a syntax error. */
    private static final Set<String> KEYWORDS = Set.of("False", "None", "True", "and", "as", "assert", "async", "await",
            "break", "class", "continue", "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if",
            "import", "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while", "with", "yield");

    private NotebookStepReader() {
    }

    /** The notebook of the step's {@code notebook} object {@code s}; errors are added to it. */
    static StepAction.Notebook read(SpecFields s) {
        s.only(FIELDS);
        SpecFields source = s.object("source");
        String inline = null;
        StepAction.ConfigMapKey configMap = null;
        String path = null;
        if (source == null) {
            s.errors().add(new FieldError(s.field("source"), "a notebook source is required: inline, configMapRef or path"));
        } else {
            source.only(SpecFields.keys("inline", "configMapRef", "path"));
            long kinds = List.of("inline", "configMapRef", "path").stream().filter(source::has).count();
            if (kinds != 1) {
                s.errors().add(new FieldError(s.field("source"), "sets exactly one of inline, configMapRef or path"));
            }
            inline = inline(source);
            configMap = configMap(source.object("configMapRef"));
            path = source.string("path");
            if (path != null && !path.startsWith("/")) {
                s.errors().add(new FieldError(source.field("path"), "must be an absolute path in the image, got \"" + path + "\""));
            }
        }
        Map<String, Object> params = s.anyMap("params");
        if (params != null) {
            params.keySet().forEach(name -> {
                if (!IDENTIFIER.matcher(name).matches() || KEYWORDS.contains(name)) {
                    s.errors().add(new FieldError(s.field("params") + "." + name,
                            "\"" + name + "\" is not a Python identifier: papermill injects each param as a variable of that name"));
                }
            });
        }
        String kernel = s.string("kernel");
        if (kernel != null && !KERNEL.matcher(kernel).matches()) {
            s.errors().add(new FieldError(s.field("kernel"), "\"" + kernel + "\" is not a kernel name (letters, digits, '.', '_', '-')"));
        }
        String output = s.string("output");
        if (output != null && !output.startsWith("/") && !output.contains("://") && !output.startsWith("${")) {
            s.errors().add(new FieldError(s.field("output"), "must be an absolute path or a URL such as s3://bucket/key, got \"" + output + "\""));
        }
        return new StepAction.Notebook(inline, configMap, path, params == null ? Map.of() : params, kernel,
                output == null ? StepAction.Notebook.DEFAULT_OUTPUT : output);
    }

    /** The inline notebook, when it is a Jupyter notebook papermill can run (nbformat 4, a list of cells). */
    private static String inline(SpecFields source) {
        String text = source.string("inline");
        if (text == null) {
            return null;
        }
        String field = source.field("inline");
        int bytes = text.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_INLINE_BYTES) {
            source.errors().add(new FieldError(field, "the notebook takes " + bytes + " bytes, past the limit of " + MAX_INLINE_BYTES
                    + " for an inline one: put it in a ConfigMap (configMapRef) or the image (path)"));
            return null;
        }
        Map<String, Object> notebook;
        try {
            notebook = Json.readObject(text);
        } catch (IllegalArgumentException e) {
            source.errors().add(new FieldError(field, "is not valid JSON: " + e.getMessage()));
            return null;
        }
        if (!(notebook.get("cells") instanceof List<?>) || !Integer.valueOf(4).equals(notebook.get("nbformat"))) {
            source.errors().add(new FieldError(field, "is not a Jupyter notebook papermill can run: it needs \"nbformat\": 4 and a list of \"cells\""));
            return null;
        }
        return text;
    }

    private static StepAction.ConfigMapKey configMap(SpecFields ref) {
        if (ref == null) {
            return null;
        }
        ref.only(SpecFields.keys("name", "key"));
        String name = ref.string("name");
        String key = ref.string("key");
        if (name == null || !SecretParams.SECRET_NAME.matcher(name).matches() || name.length() > 253) {
            ref.errors().add(new FieldError(ref.field("name"), "must name a ConfigMap (a DNS subdomain name), got " + SpecFields.describe(name)));
        }
        if (key == null || !SecretParams.SECRET_KEY.matcher(key).matches() || key.length() > 253) {
            ref.errors().add(new FieldError(ref.field("key"), "must be a key of the ConfigMap's data (letters, digits, '-', '_', '.'), got "
                    + SpecFields.describe(key)));
        }
        return new StepAction.ConfigMapKey(name, key);
    }
}

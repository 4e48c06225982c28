package dev.baton.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The Workflows of YAML files (multi-document, other kinds left out), as plain values; "-" is stdin. */
public final class WorkflowFiles {
    private final YamlReader yaml = new YamlReader();

    /** A Workflow document: where it was read, its name and its spec. */
    public record Doc(String source, String name, Object spec) {
    }

    /** A file's Workflows, or the reason it could not be read. */
    public record Read(String source, List<Doc> workflows, String problem) {
    }

    public Read read(String file) {
        try {
            String text = "-".equals(file) ? new String(System.in.readAllBytes(), StandardCharsets.UTF_8) : Files.readString(Path.of(file));
            return parse(file, text);
        } catch (java.nio.file.NoSuchFileException e) {
            return new Read(file, List.of(), "no such file");
        } catch (IOException e) {
            return new Read(file, List.of(), e.getMessage());
        }
    }

    /** The Workflows of a YAML text read from {@code source}. */
    public Read parse(String source, String text) {
        List<Object> docs;
        try {
            docs = yaml.documents(text);
        } catch (IOException e) {
            return new Read(source, List.of(), "not valid YAML: " + describe(e));
        }
        List<Doc> out = new ArrayList<>();
        for (Object doc : docs) {
            if (doc instanceof Map<?, ?> map && "Workflow".equals(map.get("kind"))
                    && String.valueOf(map.get("apiVersion")).startsWith("baton.dev/")) {
                Object metadata = map.get("metadata");
                Object name = metadata instanceof Map<?, ?> m ? m.get("name") : null;
                out.add(new Doc(source, name == null ? null : String.valueOf(name), map.get("spec")));
            }
        }
        return new Read(source, out, null);
    }

    private static String describe(IOException e) {
        if (e instanceof com.fasterxml.jackson.core.JsonProcessingException p && p.getLocation() != null
                && p.getLocation().getLineNr() > 0) {
            return "line " + p.getLocation().getLineNr() + ": " + firstLine(p.getOriginalMessage());
        }
        return firstLine(e.getMessage());
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "";
        }
        int nl = text.indexOf('\n');
        return nl < 0 ? text : text.substring(0, nl);
    }
}

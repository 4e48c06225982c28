package dev.baton.cli;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * Reads YAML (and so JSON) as plain values: maps, lists, strings, numbers, booleans. Nesting limits are
 * raised to what the API server accepts, so a deeply nested workflow reaches the operator's own nesting
 * check and gets its field error instead of a parser's refusal.
 */
public final class YamlReader {
    private static final int MAX_NESTING = 10_000;
    private final ObjectMapper mapper;

    public YamlReader() {
        LoaderOptions options = new LoaderOptions();
        options.setNestingDepthLimit(MAX_NESTING);
        options.setCodePointLimit(Integer.MAX_VALUE);
        YAMLFactory factory = YAMLFactory.builder().loaderOptions(options)
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING).build()).build();
        mapper = new ObjectMapper(factory);
    }

    /** Every document of a (possibly multi-document) YAML text; empty documents are left out. */
    public List<Object> documents(String text) throws IOException {
        List<Object> out = new ArrayList<>();
        try (JsonParser parser = mapper.createParser(text);
             MappingIterator<Object> docs = mapper.readerFor(Object.class).readValues(parser)) {
            while (docs.hasNextValue()) {
                Object doc = docs.nextValue();
                if (doc != null) {
                    out.add(doc);
                }
            }
        }
        return out;
    }

    /** One YAML value, such as a param's value written on the command line: 10, true, [us, eu], {a: 1}. */
    public Object value(String text) throws IOException {
        return mapper.readValue(text, Object.class);
    }
}

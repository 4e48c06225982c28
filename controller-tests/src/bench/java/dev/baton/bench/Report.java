package dev.baton.bench;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** The table on stdout and the JSON file of a bench. */
final class Report {
    private Report() {
    }

    static void print(Results r, BenchSettings settings, PrintStream out) {
        out.printf("%nBaton bench — median [min … max] of %d run(s)%s%n", settings.runs(), settings.quick() ? ", QUICK sizes" : "");
        r.scenarios.forEach((name, s) -> {
            out.printf("%n%s: %s%n", name, s.description());
            s.figures().forEach((figure, v) -> {
                if (!figure.equals("benchWrites")) {
                    out.printf(Locale.ROOT, "  %-34s %10s  [%s … %s]%n", figure, num(v.median()), num(v.min()), num(v.max()));
                }
            });
            out.printf("  API writes per step, all clients (median):%n");
            s.writesPerStep().forEach((k, v) -> {
                if (v >= 0.005) {
                    out.printf(Locale.ROOT, "    %-44s %8s%n", k, num(v));
                }
            });
            if (!s.operatorWritesPerStep().isEmpty()) {
                out.printf("  of which the operator's, by its own request counter (median):%n");
                s.operatorWritesPerStep().forEach((k, v) -> {
                    if (v >= 0.005) {
                        out.printf(Locale.ROOT, "    %-44s %8s%n", k, num(v));
                    }
                });
            }
        });
        Map<String, Map<String, Double>> derived = r.derived();
        if (!derived.isEmpty()) {
            out.printf("%nDerived (medians)%n");
            derived.forEach((name, d) -> d.forEach((k, v) -> out.printf(Locale.ROOT, "  %-10s %-38s %10s%n", name, k, num(v))));
        }
        out.printf("%nTargets of issue 7%n");
        for (Targets.Check c : Targets.check(r)) {
            out.printf(Locale.ROOT, "  %-8s %-56s measured %s, bound %s%n",
                    c.met() == null ? "n/a" : c.met() ? "met" : "NOT MET", c.target(), num(c.measured()), num(c.bound()));
        }
    }

    static void write(Results r, BenchSettings settings, Path file, Map<String, Object> environment) throws Exception {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("environment", environment);
        json.put("settings", Map.of("runs", settings.runs(), "quick", settings.quick(), "profile", settings.profile(),
                "scenarios", settings.scenarios()));
        Map<String, Object> scenarios = new LinkedHashMap<>();
        r.scenarios.forEach((name, s) -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("description", s.description());
            m.put("steps", s.steps());
            m.put("summary", s.figures());
            m.put("apiWritesPerStepByRequest", s.writesPerStep());
            m.put("operatorWritesPerStepByRequest", s.operatorWritesPerStep());
            m.put("runs", s.runs());
            scenarios.put(name, m);
        });
        json.put("scenarios", scenarios);
        json.put("argo", r.argo);
        json.put("derived", r.derived());
        json.put("targets", Targets.check(r));
        Files.createDirectories(file.getParent());
        // A figure that could not be measured (no samples, no Argo) is NaN here and null in JSON.
        SimpleModule nanAsNull = new SimpleModule().addSerializer(Double.class, new JsonSerializer<>() {
            @Override
            public void serialize(Double v, JsonGenerator g, SerializerProvider p) throws java.io.IOException {
                if (v.isNaN() || v.isInfinite()) {
                    g.writeNull();
                } else {
                    g.writeNumber(v);
                }
            }
        });
        new ObjectMapper().registerModule(nanAsNull).enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), json);
    }

    private static String num(double v) {
        if (Double.isNaN(v)) {
            return "-";
        }
        return Math.abs(v) >= 100 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.2f", v);
    }
}

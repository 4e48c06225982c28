package dev.baton.engine.model;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Go-style durations ("90s", "1h30m", "1.5h", "500ms"), as Kubernetes users write them. */
public final class Durations {
    private static final Pattern WHOLE = Pattern.compile("^([0-9]+(\\.[0-9]+)?(ns|us|µs|ms|s|m|h))+$");
    private static final Pattern PART = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)(ns|us|µs|ms|s|m|h)");

    private Durations() {
    }

    /** Parses a Go duration; throws IllegalArgumentException with a message for people when malformed. */
    public static Duration parse(String text) {
        if (text == null || !WHOLE.matcher(text).matches()) {
            throw new IllegalArgumentException("\"" + text + "\" is not a duration such as 90s, 30m or 2h");
        }
        Matcher m = PART.matcher(text);
        double nanos = 0;
        while (m.find()) {
            nanos += Double.parseDouble(m.group(1)) * unitNanos(m.group(2));
        }
        return Duration.ofNanos((long) nanos);
    }

    /** Formats a duration the way Go prints it, for status fields: 1h2m3s, 4.5s, 120ms. */
    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms < 1000) {
            return ms + "ms";
        }
        long h = ms / 3_600_000, m = (ms / 60_000) % 60;
        double s = (ms % 60_000) / 1000.0;
        StringBuilder out = new StringBuilder();
        if (h > 0) out.append(h).append('h');
        if (h > 0 || m > 0) out.append(m).append('m');
        out.append(s == Math.rint(s) ? String.valueOf((long) s) : String.valueOf(s)).append('s');
        return out.toString();
    }

    private static double unitNanos(String unit) {
        return switch (unit) {
            case "ns" -> 1;
            case "us", "µs" -> 1e3;
            case "ms" -> 1e6;
            case "s" -> 1e9;
            case "m" -> 60e9;
            default -> 3600e9;
        };
    }
}

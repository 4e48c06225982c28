package dev.baton.cli;

import java.time.Duration;
import java.time.Instant;

/** Durations as kubectl prints ages: 45s, 3m12s, 2h5m, 4d3h. */
public final class Ages {
    private Ages() {
    }

    public static String format(Duration d) {
        long s = Math.max(0, d.getSeconds());
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return s / 60 + "m" + (s % 60 == 0 ? "" : s % 60 + "s");
        }
        if (s < 86400) {
            return s / 3600 + "h" + (s % 3600 / 60 == 0 ? "" : s % 3600 / 60 + "m");
        }
        return s / 86400 + "d" + (s % 86400 / 3600 == 0 ? "" : s % 86400 / 3600 + "h");
    }

    /** The time from {@code start} to {@code end} (or to {@code now} while unfinished), or "" without a start. */
    public static String between(String start, String end, Instant now) {
        if (start == null) {
            return "";
        }
        try {
            Instant from = Instant.parse(start);
            Instant to = end == null ? now : Instant.parse(end);
            return format(Duration.between(from, to));
        } catch (java.time.format.DateTimeParseException e) {
            return "";
        }
    }
}

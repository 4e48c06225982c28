package dev.baton.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A step inside a run, as users write it: {@code load}, {@code per-region[17]/load} (a step of one foreach
 * iteration), {@code publish/send} (a step of a subworkflow's run), {@code poll[3]/check} (a while
 * iteration), nested as deep as the run is. Each segment but the last names a loop or subworkflow step,
 * with the iteration index for loops (a subworkflow's run, or a while loop's current iteration, without).
 */
public record StepPath(List<Segment> segments) {
    private static final Pattern SEGMENT = Pattern.compile("([a-z0-9][-a-z0-9]*)(?:\\[(\\d{1,9})\\])?");

    /** One step name, with the iteration index when given. */
    public record Segment(String step, Long index) {
        @Override
        public String toString() {
            return index == null ? step : step + "[" + index + "]";
        }
    }

    /** A path to a leaf step (it must end with a step, not an iteration). */
    public static StepPath parse(String text) {
        StepPath p = parseAny(text);
        if (p.segments().get(p.segments().size() - 1).index() != null) {
            throw UserError.usage("bad step path \"" + text + "\": it must end with a step inside the iteration, e.g. "
                    + text + "/STEP");
        }
        return p;
    }

    /** A path to a step or to one loop iteration ({@code per-region[17]}), as step actions take. */
    public static StepPath parseAny(String text) {
        List<Segment> out = new ArrayList<>();
        for (String part : text.split("/", -1)) {
            Matcher m = SEGMENT.matcher(part);
            if (!m.matches()) {
                throw UserError.usage("bad step path \"" + text + "\": expected STEP, or LOOP[INDEX]/STEP, SUBWORKFLOW/STEP, nested");
            }
            out.add(new Segment(m.group(1), m.group(2) == null ? null : Long.parseLong(m.group(2))));
        }
        return new StepPath(List.copyOf(out));
    }

    /** The loop and subworkflow steps leading to the leaf step. */
    public List<Segment> parents() {
        return segments.subList(0, segments.size() - 1);
    }

    /** The leaf step's name. */
    public String step() {
        return segments.get(segments.size() - 1).step();
    }

    @Override
    public String toString() {
        return String.join("/", segments.stream().map(Segment::toString).toList());
    }
}

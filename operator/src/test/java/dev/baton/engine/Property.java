package dev.baton.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A property test on plain JUnit 5: a body run on many generated inputs, each try with its own
 * {@link Random}, so that any failing input comes back from one number, its seed.
 *
 * <pre>{@code
 * @Test
 * void aRandomObjectGetsAVerdict() {
 *     Property.forAll(r -> RandomJson.object(r, 4)).tries(500).check(spec -> verdict(spec));
 * }
 * }</pre>
 *
 * <p>Seeds. A run of a property starts from a base seed: {@link #DEFAULT_SEED} mixed with the property's
 * name ("Class#method"), so every run of the suite tries the same inputs (CI is reproducible) and the
 * properties do not share them. The first try uses the base seed itself, try i a seed mixed from the base
 * and i. Two system properties, which Maven passes on to the tests, change that for every property run:
 * <ul>
 *   <li>{@code -Dbaton.seed=N} makes N the base seed ({@code -Dbaton.seed=random} a random one, printed),
 *       to explore inputs CI never tries;</li>
 *   <li>{@code -Dbaton.tries=N} runs N tries instead of each property's own number.</li>
 * </ul>
 * A failure names the seed of its try and the command that replays just that try (its seed as the base,
 * one try), prints its input (at most {@value #MAX_SHOWN} characters) and keeps the failure as its cause.
 * A seed can also be pinned in the test itself while a bug is fixed, {@code .seed(N).tries(1)}. There is no
 * shrinking: the failing input is shown as generated.
 *
 * <p>Coverage. A body may count what its tries did in a {@link Tally} ({@link #check(BiConsumer)}); the
 * counts are printed after the run, and {@link #cover} requires a value to occur in more than a given share
 * of the tries, so that a generator that stops producing faults (or successes) fails the test instead of
 * silently proving less. Coverage is required only of runs of at least {@value #COVERAGE_MIN_TRIES} tries:
 * a replay of one try cannot cover anything.
 */
final class Property<T> {
    /** The base seed of every property (mixed with its name) unless {@code -Dbaton.seed} gives one. */
    static final long DEFAULT_SEED = 0x0BA7_0022_2026_1206L;
    static final String SEED = "baton.seed";
    static final String TRIES = "baton.tries";
    static final int COVERAGE_MIN_TRIES = 100;
    static final int MAX_SHOWN = 4_000;
    private static final long GOLDEN_GAMMA = 0x9E37_79B9_7F4A_7C15L;

    private final Function<Random, ? extends T> generator;
    private int tries = 100;
    private Long pinned;
    private Function<? super T, String> show = SpecPreview::of;
    private final List<Coverage> coverage = new ArrayList<>();

    private record Coverage(String label, Object value, double morePercentThan) {
    }

    /** What a run did: how many tries, from which base seed, in how long, and what its tries counted. */
    record Result(String name, int tries, long baseSeed, long millis, Tally tally) {
    }

    private Property(Function<Random, ? extends T> generator) {
        this.generator = generator;
    }

    /** A property of the inputs the generator makes, one per try from the try's Random. */
    static <T> Property<T> forAll(Function<Random, ? extends T> generator) {
        return new Property<>(generator);
    }

    /** How many tries (100 unless set), unless {@code -Dbaton.tries} says otherwise. */
    Property<T> tries(int tries) {
        this.tries = tries;
        return this;
    }

    /** Pins the base seed, to replay a failure ({@code .seed(N).tries(1)}); {@code -Dbaton.seed} still wins. */
    Property<T> seed(long seed) {
        this.pinned = seed;
        return this;
    }

    /** How a failure prints the input ({@link SpecPreview} unless set); cut to {@value #MAX_SHOWN} characters. */
    Property<T> show(Function<? super T, String> show) {
        this.show = show;
        return this;
    }

    /** Requires {@code value} to be collected under {@code label} in more than {@code percent} % of the tries. */
    Property<T> cover(String label, Object value, double percent) {
        coverage.add(new Coverage(label, value, percent));
        return this;
    }

    /** Runs the body on every try's input; the first that fails fails the test, with its seed. */
    Result check(Consumer<? super T> body) {
        return run(caller(), (input, tally) -> body.accept(input));
    }

    /** Runs the body on every try's input with the run's tally, then requires the coverage asked for. */
    Result check(BiConsumer<? super T, Tally> body) {
        return run(caller(), body);
    }

    private Result run(String name, BiConsumer<? super T, Tally> body) {
        int n = triesToRun();
        long base = baseSeed(name);
        Tally tally = new Tally();
        long started = System.nanoTime();
        for (int i = 0; i < n; i++) {
            long seed = seedOfTry(base, i);
            T input;
            try {
                input = generator.apply(new Random(seed));
            } catch (RuntimeException | StackOverflowError e) {
                throw failure(name, i, n, seed, "generating the input threw " + e, null, false, e);
            }
            try {
                body.accept(input, tally);
            } catch (AssertionError | RuntimeException | StackOverflowError e) {
                throw failure(name, i, n, seed, firstLine(e), input, true, e);
            }
        }
        Result result = new Result(name, n, base, (System.nanoTime() - started) / 1_000_000, tally);
        String summary = name + ": " + n + " tries in " + result.millis() + " ms, base seed " + base
                + " (-Dbaton.seed=" + base + " replays them)" + tally.report();
        System.out.println(summary);
        List<String> uncovered = new ArrayList<>();
        for (Coverage c : coverage) {
            double p = tally.percentage(c.label(), c.value());
            if (!(p > c.morePercentThan())) {
                uncovered.add(c.label() + " = " + c.value() + " in " + String.format(java.util.Locale.ROOT, "%.1f", p)
                        + " % of the tries, not more than " + c.morePercentThan() + " %");
            }
        }
        if (!uncovered.isEmpty() && n >= COVERAGE_MIN_TRIES) {
            throw new AssertionError("coverage too low: " + String.join("; ", uncovered) + "\n" + summary);
        }
        return result;
    }

    private AssertionError failure(String name, int i, int n, long seed, String what, T input, boolean generated, Throwable cause) {
        String test = name.replace('.', '#');
        String shown;
        if (!generated) {
            shown = "(not generated)";
        } else {
            try {
                shown = show.apply(input);
            } catch (RuntimeException | StackOverflowError e) {
                shown = "(cannot be shown: " + e + ")";
            }
            if (shown.length() > MAX_SHOWN) {
                shown = shown.substring(0, MAX_SHOWN) + "...(" + shown.length() + " characters)";
            }
        }
        return new AssertionError(name + " failed on try " + (i + 1) + " of " + n + ", seed " + seed + ": " + what
                + "\n  replay it: mvn -o -B -pl operator test -Dtest='" + test + "' -Dbaton.seed=" + seed + " -Dbaton.tries=1"
                + "\n  or pin it in the test: .seed(" + seed + "L).tries(1)"
                + "\n  input: " + shown, cause);
    }

    private int triesToRun() {
        String s = System.getProperty(TRIES);
        return s == null || s.isBlank() ? tries : Integer.parseInt(s.trim());
    }

    private long baseSeed(String name) {
        String s = System.getProperty(SEED);
        if (s != null && !s.isBlank()) {
            return s.trim().equals("random") ? ThreadLocalRandom.current().nextLong() : Long.parseLong(s.trim());
        }
        return pinned != null ? pinned : mix(DEFAULT_SEED ^ name.hashCode());
    }

    /** Try 0 uses the base seed itself, so that a failing try's seed given as the base replays it first. */
    static long seedOfTry(long base, int i) {
        return i == 0 ? base : mix(base + i * GOLDEN_GAMMA);
    }

    /** Stafford's variant 13 of the MurmurHash3 finalizer, as SplittableRandom mixes its seeds. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58_476D_1CE4_E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D0_49BB_1331_11EBL;
        return z ^ (z >>> 31);
    }

    private static String firstLine(Throwable e) {
        String s = e.toString();
        int nl = s.indexOf('\n');
        String line = nl < 0 ? s : s.substring(0, nl) + " ...";
        return line.length() > 500 ? line.substring(0, 500) + "..." : line;
    }

    /** "SimpleClassName.method" of the test that called check. */
    private static String caller() {
        return StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE)
                .walk(frames -> frames.filter(f -> f.getDeclaringClass() != Property.class).findFirst())
                .map(f -> f.getDeclaringClass().getSimpleName() + "." + f.getMethodName())
                .orElse("property");
    }
}

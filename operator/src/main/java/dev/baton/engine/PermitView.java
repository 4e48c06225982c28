package dev.baton.engine;

/**
 * The shared concurrency limits as one run's planning pass sees them: which of its holders (a step's
 * current run, or the run itself) have a granted permit. Granting is not the engine's business: the
 * planner asks (a {@link Plan.PermitRequest}) and starts a holder once every permit it names is granted.
 */
public interface PermitView {
    /** Nothing granted: a run that names no permits never asks. */
    PermitView NONE = new PermitView() {
        @Override
        public boolean granted(String holder, String permit) {
            return false;
        }

        @Override
        public String state(String permit) {
            return null;
        }
    };

    /** True when {@code holder} (see {@link #step} and {@link #run}) holds a granted permit of {@code permit}. */
    boolean granted(String holder, String permit);

    /** Why the permit is not free, for people ("2 of 2 held", "no ConcurrencyLimit db in this namespace"), or null. */
    String state(String permit);

    /** "waiting for permit db (2 of 2 held)", each missing permit with what its limit says. */
    static String waitingFor(java.util.List<String> missing, PermitView view) {
        StringBuilder out = new StringBuilder("waiting for permit");
        if (missing.size() > 1) {
            out.append('s');
        }
        for (int i = 0; i < missing.size(); i++) {
            String state = view.state(missing.get(i));
            out.append(i == 0 ? " " : ", ").append(missing.get(i)).append(state == null ? "" : " (" + state + ")");
        }
        return out.toString();
    }

    /** The holder key of a step's current run: a restart (a new firstAttempt) is a new holder. */
    static String step(String name, int firstAttempt) {
        return "step/" + name + "/" + firstAttempt;
    }

    /** The holder key of a whole run of an instance (its workflow's or its foreach body's permits). */
    static String run(int run) {
        return "run/" + run;
    }
}

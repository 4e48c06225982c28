package dev.baton.engine;

import dev.baton.engine.model.AttemptOutcome;
import dev.baton.engine.model.OnFailure;
import dev.baton.engine.model.Step;
import dev.baton.engine.model.StepPhase;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * An http step: each attempt is one request the operator sends itself, without a pod and without
 * waiting for it (the plan asks for the call; its result wakes the instance). An attempt ends with the
 * response's verdict ({@link HttpExchange}), or as a platform error when the connection fails, no answer
 * comes in time, or this operator never sent it (it was sent by one that died: whether the server got
 * it is unknown, and the retry sends the same Idempotency-Key). Retries follow the step's retry policy.
 */
final class HttpRunner implements StepRunner {
    /**
     * How long past its timeout a call may stay in flight before its attempt ends anyway: the HTTP client
     * ends a call at its timeout, so this only covers a result that never came back.
     */
    static final Duration RESULT_GRACE = Duration.ofSeconds(30);
    /** Attempt reasons a retry cannot change: the step fails with the first. */
    private static final Set<String> FINAL = Set.of(HttpExchange.REFUSED, HttpExchange.INVALID, HttpExchange.EXPRESSION);
    static final String LOST = "OperatorRestarted";

    private final HttpExchange exchange;

    HttpRunner(Expressions expressions) {
        this.exchange = new HttpExchange(expressions);
    }

    @Override
    public StepState start(Step step, StepState started, StepInputs inputs, Pass pass) {
        return send(step, started, new ArrayList<>(), started.firstAttempt(), pass);
    }

    @Override
    public StepState advance(Step step, StepState running, Pass pass) {
        PlanBuilder out = pass.out();
        List<Attempt> attempts = new ArrayList<>(running.attempts());
        Attempt last = running.lastAttempt();
        if (last == null) {
            return send(step, running, attempts, Math.max(running.firstAttempt(), running.folded().through() + 1), pass);
        }
        if (!last.ended()) {
            last = settle(step, running, last, pass);
            attempts.set(attempts.size() - 1, last);
            if (!last.ended()) {
                return running.withAttempts(attempts, null, null);
            }
        }
        if (last.outcome() == AttemptOutcome.Succeeded) {
            return running.succeeded(last.outputs(), attempts, out.now());
        }
        StepPhase failed = step.onFailure() == OnFailure.Ignore ? StepPhase.CompletedWithError : StepPhase.Failed;
        if (FINAL.contains(last.reason())) {
            return running.withAttempts(attempts, null, null).withPhase(failed, out.now(), describe(last));
        }
        List<AttemptOutcome> outcomes = running.folded().withListed(attempts);
        return RetryNext.after(step, running, attempts, last, step.http().retry(), outcomes, describe(last) + retries(step, last, outcomes),
                false, out, number -> send(step, running, attempts, number, pass));
    }

    /** A stopped run leaves the call's answer unread: the attempt ends now. */
    @Override
    public StepState halt(Step step, StepState current, String why, PlanBuilder out) {
        Attempt last = current.lastAttempt();
        if (last == null || last.ended()) {
            return current;
        }
        List<Attempt> attempts = new ArrayList<>(current.attempts());
        attempts.set(attempts.size() - 1, last.endedAs(AttemptOutcome.Stopped, "Stopped", why, out.now()));
        return current.withAttempts(attempts, null, current.message());
    }

    /** Asks for attempt {@code number}'s call; a request that cannot be built fails the step, naming the field. */
    private StepState send(Step step, StepState state, List<Attempt> attempts, int number, Pass pass) {
        Plan.Call call;
        try {
            call = exchange.request(step, number, pass.varsOf(state));
        } catch (StepInputs.InputException e) {
            return state.withAttempts(attempts, null, null).withPhase(StepPhase.Failed, pass.now(), e.getMessage());
        }
        pass.out().call(call);
        attempts.add(Attempt.launched(number, pass.now()));
        pass.out().wakeAt(pass.now().plus(call.timeout()).plus(RESULT_GRACE));
        return state.withAttempts(attempts, null, null);
    }

    /** The running attempt, ended when its call's result says so. */
    private Attempt settle(Step step, StepState running, Attempt last, Pass pass) {
        Instant now = pass.now();
        HttpResult result = pass.run().http().of(step.name(), last.number());
        if (result == null) {
            return last.endedAs(AttemptOutcome.PlatformError, LOST, "the operator that sent the call restarted before its"
                    + " answer (or lost it): whether the server got it is unknown; a retry sends the same Idempotency-Key", now);
        }
        Instant end = result.end() == null ? now : result.end();
        return switch (result.kind()) {
            case InFlight -> {
                Instant deadline = last.start().plus(step.http().timeout()).plus(RESULT_GRACE);
                if (!now.isBefore(deadline)) {
                    yield last.endedAs(AttemptOutcome.PlatformError, "Timeout", "no result " + RESULT_GRACE.toSeconds()
                            + "s past the timeout", now);
                }
                pass.out().wakeAt(deadline);
                yield last;
            }
            case ConnectionError -> last.endedAs(AttemptOutcome.PlatformError, "ConnectionError", result.message(), end);
            case Timeout -> last.endedAs(AttemptOutcome.PlatformError, "Timeout", result.message(), end);
            case Refused -> last.endedAs(AttemptOutcome.UserError, HttpExchange.REFUSED, result.message(), end);
            case Invalid -> last.endedAs(AttemptOutcome.UserError, HttpExchange.INVALID, result.message(), end);
            case Response -> exchange.judge(step.http(), last, result, pass.varsOf(running), end);
        };
    }

    private static String describe(Attempt last) {
        return last.reason() + (last.message() == null ? "" : ": " + last.message()) + " (attempt " + last.number() + ")";
    }

    private static String retries(Step step, Attempt last, List<AttemptOutcome> outcomes) {
        long used = outcomes.stream().filter(o -> o == last.outcome()).count() - 1;
        return " (" + used + " of " + step.http().retry().limitFor(last.outcome()) + " retries for "
                + last.outcome() + " used)";
    }
}

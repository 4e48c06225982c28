package dev.baton.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.engine.model.AttemptOutcome;
import dev.baton.engine.model.FieldError;
import dev.baton.engine.model.InstancePhase;
import dev.baton.engine.model.SecretRef;
import dev.baton.engine.model.StepPhase;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** http steps: the request the plan asks for, and how each kind of result ends an attempt. */
class HttpStepTest {
    private static final String CALL = """
            params: {id: {type: long, default: 7}}
            steps:
              - name: call
                retry: {errors: 1, platform: 2, backoff: {type: Fixed, base: 5s}}
                http:
                  url: "http://api.example/items/${params.id}"
                  method: POST
                  headers: {X-Trace: "t-${params.id}", Authorization: {secretKeyRef: {name: api, key: token}}}
                  body: {id: "${params.id}", note: "n${params.id}"}
                  outputs: {name: "response.body.name", status: "response.status"}
              - {name: after, dependsOn: [call], noop: {}}
            """;

    private static HttpResult response(int status, String contentType, String body) {
        return new HttpResult(HttpResult.Kind.Response, status, Map.of("content-type", contentType), body, false, null, null);
    }

    @Test
    void theCallIsEvaluatedAndItsJsonResponseGivesTheOutputs() {
        RunSimulator run = new RunSimulator(CALL, Map.of("id", 7L));
        run.answer = c -> response(200, "application/json", "{\"name\": \"seven\"}");
        assertThat(run.runToEnd().phase()).isEqualTo(InstancePhase.Succeeded);
        Plan.Call call = run.calls.get(0);
        assertThat(call.url()).isEqualTo("http://api.example/items/7");
        assertThat(call.method()).isEqualTo("POST");
        assertThat(call.headers()).containsEntry("X-Trace", "t-7").containsEntry("Content-Type", "application/json");
        assertThat(call.secretHeaders()).containsEntry("Authorization", new SecretRef("api", "token"));
        assertThat(Json.read(call.body())).isEqualTo(Map.of("id", 7, "note", "n7"));
        assertThat(call.timeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(run.step("call").outputs()).containsEntry("name", "seven").containsEntry("status", 200);
        assertThat(run.launched).as("no pod").isEmpty();
        assertThat(run.calls).hasSize(1);
    }

    @Test
    void a500IsAPlatformErrorRetriedAfterTheBackoffThenTheRetrySucceeds() {
        RunSimulator run = new RunSimulator(CALL, Map.of("id", 7L));
        AtomicInteger n = new AtomicInteger();
        run.answer = c -> n.incrementAndGet() == 1 ? response(500, "text/plain", "database\n down")
                : response(200, "application/json", "{\"name\": \"x\"}");
        assertThat(run.runToEnd().phase()).isEqualTo(InstancePhase.Succeeded);
        List<Attempt> attempts = run.step("call").attempts();
        assertThat(attempts).extracting(Attempt::outcome).containsExactly(AttemptOutcome.PlatformError, AttemptOutcome.Succeeded);
        assertThat(attempts.get(0).reason()).isEqualTo("HTTP 500");
        assertThat(attempts.get(0).message()).contains("status 500 is not 2xx: database down");
        assertThat(Duration.between(attempts.get(0).end(), attempts.get(1).start())).isGreaterThanOrEqualTo(Duration.ofSeconds(5));
        assertThat(run.calls).extracting(Plan.Call::attempt).containsExactly(1, 2);
    }

    @Test
    void a4xxIsAUserErrorWithItsOwnLimit() {
        RunSimulator run = new RunSimulator(CALL, Map.of("id", 7L));
        run.answer = c -> response(404, "text/plain", "no such item");
        assertThat(run.runToEnd().phase()).isEqualTo(InstancePhase.Failed);
        assertThat(run.step("call").attempts()).hasSize(2).allSatisfy(a -> assertThat(a.outcome()).isEqualTo(AttemptOutcome.UserError));
        assertThat(run.step("call").message()).contains("HTTP 404", "no such item", "1 of 1 retries for UserError used");
    }

    @Test
    void retryStatusesMakeA429APlatformErrorAndSuccessConditionDecides() {
        RunSimulator run = new RunSimulator("""
                steps:
                  - name: poll
                    retry: {platform: 1, errors: 0, backoff: {base: 1s}}
                    http: {url: "https://api.example/", retryStatuses: ["429"], successCondition: "response.body.ready == true"}
                """, Map.of());
        AtomicInteger n = new AtomicInteger();
        run.answer = c -> n.incrementAndGet() == 1 ? response(429, "text/plain", "") : response(200, "application/json", "{\"ready\": false}");
        assertThat(run.runToEnd().phase()).isEqualTo(InstancePhase.Failed);
        assertThat(run.step("poll").attempts()).extracting(Attempt::outcome)
                .containsExactly(AttemptOutcome.PlatformError, AttemptOutcome.UserError);
        assertThat(run.step("poll").message()).contains("successCondition is false for status 200");
    }

    @Test
    void timeoutsAndConnectionErrorsArePlatformErrors() {
        RunSimulator run = new RunSimulator("""
                steps: [{name: s, retry: {platform: 1, backoff: {base: 1s}}, http: {url: "http://api.example/", timeout: 2s}}]
                """, Map.of());
        AtomicInteger n = new AtomicInteger();
        run.answer = c -> n.incrementAndGet() == 1 ? HttpResult.failed(HttpResult.Kind.Timeout, "no complete response within 2s", null)
                : HttpResult.failed(HttpResult.Kind.ConnectionError, "ConnectException", null);
        assertThat(run.runToEnd().phase()).isEqualTo(InstancePhase.Failed);
        assertThat(run.step("s").attempts()).extracting(Attempt::reason).containsExactly("Timeout", "ConnectionError");
        assertThat(run.calls.get(0).timeout()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void aCallTheOperatorDoesNotKnowWasLostInARestartAndIsRetried() {
        RunSimulator run = new RunSimulator(CALL, Map.of("id", 7L));
        run.answer = c -> c.attempt() == 1 ? null : response(200, "application/json", "{\"name\": \"x\"}");
        assertThat(run.runToEnd().phase()).isEqualTo(InstancePhase.Succeeded);
        Attempt lost = run.step("call").attempts().get(0);
        assertThat(lost.outcome()).isEqualTo(AttemptOutcome.PlatformError);
        assertThat(lost.reason()).isEqualTo(HttpRunner.LOST);
        assertThat(lost.message()).contains("Idempotency-Key");
    }

    @Test
    void aCallStillInFlightLongPastItsTimeoutEndsAnyway() {
        RunSimulator run = new RunSimulator("""
                steps: [{name: s, retry: {platform: 0}, http: {url: "http://api.example/", timeout: 5s}}]
                """, Map.of());
        Plan first = run.tick();
        Instant started = run.step("s").start();
        assertThat(first.wakeAt()).isEqualTo(started.plusSeconds(5).plus(HttpRunner.RESULT_GRACE));
        assertThat(run.runToEnd().phase()).isEqualTo(InstancePhase.Failed);
        assertThat(run.step("s").attempts().get(0).reason()).isEqualTo("Timeout");
        assertThat(run.calls).hasSize(1);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "Refused | DestinationRefused",
            "Invalid | InvalidRequest"})
    void whatARetryCannotChangeFailsTheStepAtOnce(HttpResult.Kind kind, String reason) {
        RunSimulator run = new RunSimulator(CALL, Map.of("id", 7L));
        run.answer = c -> HttpResult.failed(kind, "it says why", null);
        assertThat(run.runToEnd().phase()).isEqualTo(InstancePhase.Failed);
        assertThat(run.step("call").attempts()).singleElement().satisfies(a -> assertThat(a.reason()).isEqualTo(reason));
        assertThat(run.step("call").message()).contains("it says why");
    }

    @Test
    void aConditionThatGivesNoBooleanFailsTheStepNamingTheField() {
        RunSimulator run = new RunSimulator("""
                steps: [{name: s, http: {url: "http://api.example/", successCondition: "response.body.count"}}]
                """, Map.of());
        run.answer = c -> response(200, "application/json", "{\"count\": 3}");
        assertThat(run.runToEnd().phase()).isEqualTo(InstancePhase.Failed);
        assertThat(run.step("s").message()).contains("http.successCondition", "must be a boolean");
    }

    @Test
    void aTruncatedBodyIsTextAndSaysSo() {
        HttpResult cut = new HttpResult(HttpResult.Kind.Response, 200, Map.of("content-type", "application/json"), "{\"a\": [1, 2",
                true, null, null);
        assertThat(HttpExchange.view(cut)).containsEntry("body", "{\"a\": [1, 2").containsEntry("truncated", true);
        assertThat(HttpExchange.view(response(200, "application/json", "[1]"))).containsEntry("body", List.of(1));
        assertThat(HttpExchange.view(response(200, "application/json", "not json"))).containsEntry("body", "not json");
    }

    @Test
    void stoppingTheRunEndsTheCallsAttempt() {
        RunSimulator run = new RunSimulator("""
                steps: [{name: s, http: {url: "http://api.example/"}}]
                """, Map.of());
        run.tick();
        run.controls = new Controls(false, Controls.Stop.Stop, null, java.util.Set.of());
        assertThat(run.tick().phase()).isEqualTo(InstancePhase.Stopped);
        assertThat(run.step("s").phase()).isEqualTo(StepPhase.Stopped);
        assertThat(run.step("s").attempts().get(0).outcome()).isEqualTo(AttemptOutcome.Stopped);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{url: 'ftp://x/'}                                         | spec.steps[0].http.url: must be an http:// or https:// URL",
            "{url: 'file:///etc/passwd'}                               | spec.steps[0].http.url: must be an http:// or https:// URL",
            "{url: 'gopher${params.x}'}                                | spec.steps[0].http.url: must be an http:// or https:// URL",
            "{url: 'http://u:p@x/'}                                    | spec.steps[0].http.url: must not carry credentials",
            "{url: 'http://x/', method: BREW}                          | spec.steps[0].http.method: must be one of",
            "{url: 'http://x/', timeout: 0s}                           | spec.steps[0].http.timeout: must be more than 0 and at most 10m",
            "{url: 'http://x/', timeout: 11m}                          | spec.steps[0].http.timeout: must be more than 0 and at most 10m",
            "{url: 'http://x/', timeout: soon}                         | spec.steps[0].http.timeout",
            "{url: 'http://x/', successCondition: \"'yes'\"}           | spec.steps[0].http.successCondition: condition",
            "{url: 'http://x/', outputs: {a: 'response.'}}             | spec.steps[0].http.outputs.a",
            "{url: 'http://x/', headers: {Host: a}}                    | spec.steps[0].http.headers.Host: the HTTP client sets Host itself",
            "{url: 'http://x/', headers: {A: {secretKeyRef: {name: s}}}} | spec.steps[0].http.headers.A.secretKeyRef.key: required",
            "{url: 'http://x/', headers: {A: 3}}                       | spec.steps[0].http.headers.A: a header is a text or {secretKeyRef",
            "{url: 'http://x/', retryStatuses: ['5xy']}                | spec.steps[0].http.retryStatuses: \"5xy\" is neither",
            "{url: 'http://x/', other: 1}                              | spec.steps[0].http.other",
            "{method: GET}                                             | spec.steps[0].http.url: a URL is required"})
    void badInputIsRefusedNamingTheField(String http, String error) {
        List<FieldError> errors = Specs.errors("params: {x: {type: string, default: a}}\nsteps: [{name: s, http: " + http + "}]");
        assertThat(errors).extracting(FieldError::toString).anySatisfy(e -> assertThat(e).contains(error));
    }
}

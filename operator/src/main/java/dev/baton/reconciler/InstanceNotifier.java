package dev.baton.reconciler;

import dev.baton.api.StepStatus;
import dev.baton.api.WorkflowInstance;
import dev.baton.api.WorkflowInstanceStatus;
import dev.baton.client.TokenBucket;
import dev.baton.engine.HttpResult;
import dev.baton.engine.Json;
import dev.baton.engine.Notifications;
import dev.baton.engine.model.Definition;
import dev.baton.engine.model.EventReason;
import dev.baton.engine.model.Notify;
import dev.baton.engine.model.StepPhase;
import dev.baton.http.HttpCalls;
import dev.baton.http.HttpClientPool;
import dev.baton.http.HttpSender;
import dev.baton.http.SecretValues;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Sends what a run owes its workflow's {@code notify} entries ({@link Notifications}), at least once:
 * each message carries its dedup id; a delivery (a 2xx answer) is remembered in memory and recorded in
 * the instance's {@code status.notified} by the next status write, which its end triggers; what the
 * status records is never sent again, by this operator or a later one. A message sent whose record was
 * not written before the operator died is sent again by the next one, with the same id.
 *
 * <p>Never blocks a reconcile: messages go through the operator's HTTP workers and destination policy,
 * at most {@link #PER_SECOND} per second, each retried {@link #TRIES} times with a doubling backoff;
 * one that still fails is a Warning Event on the instance and counts in
 * {@code baton_notifications_total{outcome="failed"}}, and is tried again only by a later operator.
 */
@ApplicationScoped
public class InstanceNotifier {
    static final int TRIES = 5;
    static final double PER_SECOND = 20;
    static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
    /** How long after its end an ended instance is still looked at for notifications it owes. */
    static final Duration ENDED_WINDOW = Duration.ofHours(1);

    /** How long this operator remembers what it sent: well past {@link #ENDED_WINDOW}, after which nothing is owed. */
    static final Duration REMEMBER = Duration.ofHours(24);

    /** Delivered ids by instance uid, until the status records them (and then some: a record may lag). */
    private final Map<String, Set<String>> delivered = new ConcurrentHashMap<>();
    /** Ids being sent, delivered or given up, with when they were first due: a message is sent once per operator. */
    private final Map<String, Instant> sending = new ConcurrentHashMap<>();
    private volatile Instant prunedAt = Instant.EPOCH;
    private final HttpClientPool pool;
    private final SecretValues secrets;
    private final HttpCalls wakes;
    private final EventRecorder events;
    private final MeterRegistry registry;
    private final Clock clock;
    private final TokenBucket rate;
    private final ScheduledExecutorService later = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "baton-notify-retries");
        t.setDaemon(true);
        return t;
    });

    public InstanceNotifier(HttpClientPool pool, SecretValues secrets, HttpCalls wakes, EventRecorder events,
                            MeterRegistry registry, Clock clock) {
        this.pool = pool;
        this.secrets = secrets;
        this.wakes = wakes;
        this.events = events;
        this.registry = registry;
        this.clock = clock;
        this.rate = new TokenBucket(PER_SECOND, (int) PER_SECOND, System::nanoTime);
    }

    /** True when an ended instance may still owe notifications: the reconcile then reads its definition. */
    static boolean mayOwe(WorkflowInstanceStatus status, Instant now) {
        return status != null && status.completionTime != null
                && StatusCodec.time(status.completionTime).plus(ENDED_WINDOW).isAfter(now);
    }

    /**
     * Sends what the instance owes after {@code status} was written; returns when to look again (the next
     * SLA to pass), or null.
     */
    Instant notify(WorkflowInstance instance, Definition definition, WorkflowInstanceStatus status, Instant now) {
        if (definition == null || definition.notifications().isEmpty() || status == null || status.startTime == null) {
            return null;
        }
        String uid = instance.getMetadata().getUid();
        List<String> recorded = recorded(instance, status.notified);
        Set<String> done = recorded == null ? Set.of() : new TreeSet<>(recorded);
        Notifications.Verdict verdict = Notifications.of(definition.notifications(), view(uid, status), done, now);
        prune(now);
        for (Notifications.Due due : verdict.due()) {
            if (sending.putIfAbsent(due.id(), now) == null) {
                send(instance, status, due, 1);
            }
        }
        return verdict.wakeAt();
    }

    /** Forgets, every few minutes, what was sent longer than {@link #REMEMBER} ago (ids start with the uid). */
    private void prune(Instant now) {
        if (prunedAt.plus(Duration.ofMinutes(10)).isAfter(now)) {
            return;
        }
        prunedAt = now;
        Instant before = now.minus(REMEMBER);
        Set<String> stale = new java.util.HashSet<>();
        sending.forEach((id, at) -> {
            if (at.isBefore(before)) {
                stale.add(id);
            }
        });
        stale.forEach(sending::remove);
        Set<String> live = new java.util.HashSet<>();
        sending.keySet().forEach(id -> live.add(id.substring(0, Math.max(0, id.indexOf('/')))));
        delivered.keySet().retainAll(live);
    }

    /** What {@code status.notified} says, with what this operator delivered since. */
    List<String> recorded(WorkflowInstance instance, List<String> old) {
        Set<String> all = new TreeSet<>(old == null ? List.of() : old);
        all.addAll(delivered.getOrDefault(instance.getMetadata().getUid(), Set.of()));
        return all.isEmpty() && old == null ? null : new ArrayList<>(all);
    }

    private static Notifications.RunView view(String uid, WorkflowInstanceStatus s) {
        List<Notifications.FailedStep> failed = new ArrayList<>();
        for (StepStatus step : s.steps == null ? List.<StepStatus>of() : s.steps) {
            if (step.phase == StepPhase.Failed) {
                failed.add(new Notifications.FailedStep(step.name, step.firstAttempt == null ? 1 : step.firstAttempt, step.message));
            }
        }
        return new Notifications.RunView(uid, s.run == null ? 1 : s.run, s.phase, StatusCodec.time(s.startTime),
                s.completionTime == null ? null : StatusCodec.time(s.completionTime), failed);
    }

    private void send(WorkflowInstance instance, WorkflowInstanceStatus status, Notifications.Due due, int attempt) {
        String namespace = instance.getMetadata().getNamespace();
        String name = instance.getMetadata().getName();
        long wait = rate.take();
        Runnable task = () -> pool.execute(() -> {
            HttpResult result = deliver(instance, status, due);
            boolean ok = result.kind() == HttpResult.Kind.Response && result.status() / 100 == 2;
            if (ok) {
                delivered.computeIfAbsent(instance.getMetadata().getUid(), k -> ConcurrentHashMap.newKeySet()).add(due.id());
                count("delivered");
                events.record(instance, EventReason.NotificationSent, due.event() + " sent to " + host(due));
                wakes.wake(namespace, name);
                return;
            }
            String why = result.kind() == HttpResult.Kind.Response ? "HTTP " + result.status() : result.kind() + ": " + result.message();
            boolean final_ = attempt >= TRIES || result.kind() == HttpResult.Kind.Refused || result.kind() == HttpResult.Kind.Invalid;
            if (final_) {
                count("failed");
                events.record(instance, EventReason.NotificationFailed, due.event() + " to " + host(due) + " not delivered after "
                        + attempt + " tries: " + why);
                return;
            }
            count("retried");
            later.schedule(() -> send(instance, status, due, attempt + 1),
                    FIRST_BACKOFF.toMillis() << (attempt - 1), TimeUnit.MILLISECONDS);
        });
        if (wait > 0) {
            later.schedule(task, wait, TimeUnit.NANOSECONDS);
        } else {
            task.run();
        }
    }

    private HttpResult deliver(WorkflowInstance instance, WorkflowInstanceStatus status, Notifications.Due due) {
        Notify n = due.entry();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put(HttpCalls.IDEMPOTENCY_KEY, due.id());
        if (n.secret() != null) {
            HttpResult unreadable = secrets.addHeaders(instance.getMetadata().getNamespace(), Map.of(n.header(), n.secret()), headers,
                    h -> "notify.webhook.secretRef", clock.instant());
            if (unreadable != null) {
                return unreadable;
            }
        }
        return pool.sender().send(new HttpSender.Request("POST", URI.create(n.url()), headers,
                n.secret() == null ? Set.of() : Set.of(n.header()), Json.write(message(instance, status, due)), Duration.ofSeconds(10)));
    }

    /** The message: its dedup id, the event and the run; for Slack, a text with that message beside it. */
    private Map<String, Object> message(WorkflowInstance instance, WorkflowInstanceStatus status, Notifications.Due due) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", due.id());
        m.put("event", due.event().name());
        m.put("namespace", instance.getMetadata().getNamespace());
        m.put("instance", instance.getMetadata().getName());
        m.put("workflow", instance.getSpec() == null || instance.getSpec().workflowRef == null ? null : instance.getSpec().workflowRef.name);
        m.put("run", status.run);
        m.put("phase", String.valueOf(status.phase));
        if (due.step() != null) {
            m.put("step", due.step());
        }
        m.put("message", due.message());
        m.put("startTime", status.startTime);
        m.put("time", clock.instant().toString());
        if (due.entry().format() != Notify.Format.Slack) {
            return m;
        }
        Map<String, Object> slack = new LinkedHashMap<>();
        slack.put("text", "[baton] " + m.get("namespace") + "/" + m.get("instance") + ": " + due.message());
        slack.put("baton", m);
        return slack;
    }

    private static String host(Notifications.Due due) {
        return URI.create(due.entry().url()).getHost();
    }

    private void count(String outcome) {
        io.micrometer.core.instrument.Counter.builder("baton.notifications").description("Notifications of spec.notify, by outcome")
                .tag("outcome", outcome).register(registry).increment();
    }

    @PreDestroy
    void stop() {
        later.shutdownNow();
    }
}

package dev.baton.console;

import dev.baton.engine.Json;
import io.fabric8.kubernetes.api.model.Event;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.OutputStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The console's HTTP side on the operator's port: the page under /console/, its JSON API under /console/api
 * (read from the informer caches), the change stream (server-sent events) and the actions. Every answer
 * carries the strict security headers; every read and action is checked for the caller.
 */
@ApplicationScoped
public class ConsoleRoutes {
    private static final String API = "/console/api";
    private static final String INSTANCE = API + "/instances/:namespace/:name";
    private static final String BATON = "baton.dev";
    private final ConsoleSettings settings;
    private final ConsoleAuth auth;
    private final ConsoleView view;
    private final ChangeFeed feed;
    private final ConsoleActions actions;
    private final StepLogs logs;
    private final ConsoleAssets assets = new ConsoleAssets();
    private final ConsoleSecurity security = new ConsoleSecurity();

    public ConsoleRoutes(ConsoleSettings settings, ConsoleAuth auth, ConsoleView view, ChangeFeed feed, Clock clock) {
        this.settings = settings;
        this.auth = auth;
        this.view = view;
        this.feed = feed;
        this.actions = new ConsoleActions(clock);
        this.logs = new StepLogs(settings.maxLogStreams());
    }

    void routes(@Observes Router router) {
        if (!settings.enabled()) {
            return;
        }
        router.route("/console*").order(-1000).handler(rc -> {
            ConsoleSecurity.headers(rc.response());
            rc.next();
        });
        // Vert.x matches /console and /console/ alike: the page's relative links need the slash.
        router.get("/console").handler(rc -> {
            if (rc.request().path().endsWith("/")) {
                asset(rc, "index.html");
            } else {
                rc.redirect("/console/");
            }
        });
        router.get("/console/assets/:file").handler(rc -> asset(rc, rc.pathParam("file")));
        router.get(API + "/session").blockingHandler(json(this::session), false);
        router.get(API + "/namespaces").blockingHandler(json(rc -> view.namespaces(visible(rc, "workflowinstances"))), false);
        router.get(API + "/workflows").blockingHandler(json(rc -> view.workflows(rc.queryParams().get("namespace"),
                visible(rc, "workflows"))), false);
        router.get(API + "/workflows/:namespace/:name").blockingHandler(json(rc -> {
            require(rc, "get", "workflows", null);
            return view.workflow(rc.pathParam("namespace"), rc.pathParam("name"));
        }), false);
        router.get(API + "/instances").blockingHandler(json(rc -> InstancePage.of(viewReady().instancesStream(),
                InstanceQuery.parse(p -> rc.queryParams().get(p)), visible(rc, "workflowinstances"))), false);
        router.get(INSTANCE).blockingHandler(json(rc -> {
            require(rc, "get", "workflowinstances", null);
            return view.instance(rc.pathParam("namespace"), rc.pathParam("name"));
        }), false);
        router.get(INSTANCE + "/steps/:step/iterations").blockingHandler(json(rc -> {
            require(rc, "get", "workflowinstances", null);
            return view.iterations(rc.pathParam("namespace"), rc.pathParam("name"), rc.pathParam("step"),
                    number(rc, "offset", 0), (int) number(rc, "limit", 50));
        }), false);
        router.get(INSTANCE + "/events").blockingHandler(json(this::events), false);
        router.get(INSTANCE + "/steps/:step/logs").blockingHandler(this::logs, false);
        router.get(API + "/changes").handler(this::changes);
        router.post(INSTANCE + "/actions").handler(BodyHandler.create().setBodyLimit(16 * 1024))
                .blockingHandler(json(this::act), false);
    }

    /** The view, once the caches are there: before, an empty list would mean "not read yet". */
    private ConsoleView viewReady() {
        if (!view.ready()) {
            throw new ConsoleRefusal(503, "the operator is still reading the cluster: try again in a moment");
        }
        return view;
    }

    private Map<String, Object> session(RoutingContext rc) {
        Caller caller = caller(rc);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("mode", settings.mode().name());
        out.put("user", caller.user());
        out.put("csrf", security.issue(rc));
        out.put("actions", settings.mode() == ConsoleSettings.Mode.kubernetes);
        return out;
    }

    private List<Map<String, Object>> events(RoutingContext rc) {
        require(rc, "get", "workflowinstances", null);
        String ns = rc.pathParam("namespace");
        var instance = view.find(ns, rc.pathParam("name"));
        String object = rc.queryParams().get("object");
        // Only the instance itself and the Jobs and Pods of its attempts: not a general Event reader.
        var steps = instance.getStatus() == null ? List.<dev.baton.api.StepStatus>of() : instance.getStatus().steps;
        var step = steps.stream().filter(s -> s.attempts.stream().anyMatch(a -> object != null && (object.equals(a.pod) || object.equals(a.job))))
                .findFirst().orElse(null);
        if (object != null && !object.equals(instance.getMetadata().getName()) && step == null) {
            throw ConsoleRefusal.badRequest("object: the instance, or a Job or Pod of one of its attempts");
        }
        Caller caller = caller(rc);
        auth.require(caller, ns, "list", "", "events", null);
        var client = auth.clientFor(caller);
        List<String> names = new ArrayList<>(List.of(object == null ? instance.getMetadata().getName() : object));
        if (step != null) {
            // A Job's attempt: its pod's Events too (scheduling, image pulls, the kubelet's), which say most.
            var attempt = step.attempts.stream().filter(a -> object.equals(a.job) && a.pod == null).findFirst().orElse(null);
            if (attempt != null) {
                try {
                    String pod = StepLogs.pod(client, instance, step, attempt);
                    if (pod != null) {
                        names.add(pod);
                    }
                } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
                    // The user may not list pods: the Job's Events alone.
                }
            }
        }
        List<Event> events = new ArrayList<>();
        try {
            for (String name : names) {
                events.addAll(client.v1().events().inNamespace(ns).withField("involvedObject.name", name).list().getItems());
            }
        } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
            throw ConsoleActions.refusal(e);
        }
        List<Map<String, Object>> out = new ArrayList<>();
        events.stream().sorted(Comparator.comparing(ConsoleRoutes::eventTime, Comparator.nullsFirst(Comparator.naturalOrder())))
                .forEach(e -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("type", e.getType());
                    m.put("reason", e.getReason());
                    m.put("message", e.getMessage());
                    m.put("object", e.getInvolvedObject().getKind() + "/" + e.getInvolvedObject().getName());
                    m.put("count", e.getCount());
                    m.put("time", e.getLastTimestamp() != null ? e.getLastTimestamp() : e.getEventTime() == null ? null : e.getEventTime().getTime());
                    out.add(m);
                });
        return out;
    }

    /** When the Event last happened, as an instant: core Events set lastTimestamp, events.k8s.io ones (the scheduler's) eventTime. */
    static java.time.Instant eventTime(Event e) {
        String t = e.getLastTimestamp() != null ? e.getLastTimestamp() : e.getEventTime() == null ? null : e.getEventTime().getTime();
        try {
            return t == null ? null : java.time.OffsetDateTime.parse(t).toInstant();
        } catch (java.time.format.DateTimeParseException unreadable) {
            return null;
        }
    }

    private void logs(RoutingContext rc) {
        try {
            require(rc, "get", "pods", "log");
            Caller caller = caller(rc);
            var instance = view.find(rc.pathParam("namespace"), rc.pathParam("name"));
            var step = ConsoleView.step(instance, rc.pathParam("step"));
            String attempt = rc.queryParams().get("attempt");
            boolean follow = "true".equals(rc.queryParams().get("follow"));
            StepLogs.attempt(step, attempt == null ? null : (int) number(rc, "attempt", 0));
            var response = rc.response().setChunked(true).putHeader("Content-Type", "text/plain; charset=utf-8")
                    .putHeader("Cache-Control", "no-store");
            CompletableFuture<Void> gone = new CompletableFuture<>();
            response.closeHandler(v -> gone.complete(null));
            OutputStream out = new OutputStream() {
                @Override
                public void write(int b) {
                    write(new byte[]{(byte) b}, 0, 1);
                }

                @Override
                public void write(byte[] b, int off, int len) {
                    if (!gone.isDone()) {
                        response.write(Buffer.buffer().appendBytes(b, off, len));
                    }
                }
            };
            logs.write(auth.clientFor(caller), instance, step, attempt == null ? null : (int) number(rc, "attempt", 0), follow, out, gone);
            if (!gone.isDone()) {
                response.end();
            }
        } catch (ConsoleRefusal r) {
            if (!rc.response().headWritten()) {
                fail(rc, r);
            } else {
                rc.response().end();
            }
        } catch (java.io.IOException | RuntimeException e) {
            if (!rc.response().headWritten()) {
                fail(rc, new ConsoleRefusal(500, "cannot read the log: " + e.getMessage()));
            } else {
                rc.response().end();
            }
        }
    }

    /** Server-sent events from the one shared change feed, for the namespaces this caller may list. */
    private void changes(RoutingContext rc) {
        rc.vertx().<Predicate<String>>executeBlocking(() -> visible(rc, "workflowinstances"), false).onComplete(result -> {
            if (result.failed()) {
                fail(rc, result.cause() instanceof ConsoleRefusal r ? r : new ConsoleRefusal(500, result.cause().getMessage()));
                return;
            }
            var response = rc.response().setChunked(true).putHeader("Content-Type", "text/event-stream")
                    .putHeader("Cache-Control", "no-store").putHeader("X-Accel-Buffering", "no");
            Predicate<String> visible = result.result();
            ChangeFeed.Listener listener = new ChangeFeed.Listener() {
                @Override
                public Predicate<String> visible() {
                    return visible;
                }

                @Override
                public boolean send(String event) {
                    if (response.closed() || response.ended()) {
                        return false;
                    }
                    response.write(event);
                    return true;
                }
            };
            feed.add(listener);
            response.closeHandler(v -> feed.remove(listener));
        });
    }

    private Map<String, Object> act(RoutingContext rc) {
        ConsoleSecurity.check(rc);
        Caller caller = caller(rc);
        String ns = rc.pathParam("namespace");
        auth.require(caller, ns, "patch", BATON, "workflowinstances", null);
        var instance = view.find(ns, rc.pathParam("name"));
        Map<String, Object> body = rc.body().asString() == null ? Map.of() : readBody(rc.body().asString());
        ConsoleActions.Request request = new ConsoleActions.Request(text(body, "action"), text(body, "policy"), text(body, "step"),
                text(body, "path"));
        String done = actions.act(auth.clientFor(caller), instance, request);
        return Map.of("message", done);
    }

    private static Map<String, Object> readBody(String text) {
        try {
            return Json.readObject(text);
        } catch (RuntimeException e) {
            throw ConsoleRefusal.badRequest("the body is not a JSON object: " + e.getMessage());
        }
    }

    private static String text(Map<String, Object> body, String field) {
        Object v = body.get(field);
        return v == null ? null : String.valueOf(v);
    }

    private Caller caller(RoutingContext rc) {
        return auth.authenticate(rc.request().getHeader("Authorization"));
    }

    private void require(RoutingContext rc, String verb, String resource, String subresource) {
        auth.require(caller(rc), rc.pathParam("namespace"), verb, resource.equals("pods") ? "" : BATON, resource, subresource);
    }

    /**
     * Which namespaces the caller may list this kind in (every one in readOnly mode), asked anew each time (the
     * answers are cached by ConsoleAuth): a change stream lives long, and the user's rights may change meanwhile.
     */
    private Predicate<String> visible(RoutingContext rc, String resource) {
        Caller caller = caller(rc);
        return ns -> auth.allowed(caller, ns, "list", BATON, resource, null);
    }

    private static long number(RoutingContext rc, String name, long fallback) {
        String v = rc.queryParams().get(name);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw ConsoleRefusal.badRequest(name + ": expected a whole number, got \"" + v + "\"");
        }
    }

    private io.vertx.core.Handler<RoutingContext> json(Function<RoutingContext, Object> body) {
        return rc -> {
            try {
                Object value = body.apply(rc);
                rc.response().putHeader("Content-Type", "application/json").putHeader("Cache-Control", "no-store").end(Json.write(value));
            } catch (ConsoleRefusal r) {
                fail(rc, r);
            } catch (RuntimeException e) {
                org.jboss.logging.Logger.getLogger(ConsoleRoutes.class).warn("console request " + rc.request().path() + " failed", e);
                fail(rc, new ConsoleRefusal(500, "the console failed to answer: " + e.getMessage()));
            }
        };
    }

    private static void fail(RoutingContext rc, ConsoleRefusal r) {
        if (rc.response().ended()) {
            return;
        }
        rc.response().setStatusCode(r.status()).putHeader("Content-Type", "application/json").putHeader("Cache-Control", "no-store")
                .end(Json.write(Map.of("error", r.getMessage())));
    }

    private void asset(RoutingContext rc, String name) {
        ConsoleAssets.Asset a = assets.get(name);
        if (a == null) {
            rc.response().setStatusCode(404).putHeader("Content-Type", "text/plain; charset=utf-8")
                    .end(name.equals("index.html") ? "the console's page was not built into this operator (see operator/src/main/console-ui)" : "not found");
            return;
        }
        rc.response().putHeader("Content-Type", a.type()).putHeader("Cache-Control", "no-cache").end(Buffer.buffer(a.bytes()));
    }
}

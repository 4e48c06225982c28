package dev.baton.engine;

import dev.baton.engine.model.FieldError;
import dev.baton.engine.model.Notify;
import dev.baton.engine.model.SecretRef;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** Reads a workflow's {@code notify}: events, an SLA when one is watched, and a webhook. */
final class NotifyReader {
    static final int MAX_ENTRIES = 10;

    private NotifyReader() {
    }

    static List<Notify> read(SpecFields spec) {
        List<?> raw = spec.list("notify", MAX_ENTRIES);
        List<Notify> out = new ArrayList<>();
        for (int i = 0; raw != null && i < raw.size(); i++) {
            SpecFields n = SpecFields.of(raw.get(i), spec.field("notify") + "[" + i + "]", spec.errors());
            n.only(SpecFields.keys("events", "sla", "webhook"));
            Set<Notify.Event> on = events(n);
            Duration sla = n.duration("sla");
            if (on.contains(Notify.Event.SlaExceeded) && sla == null && !n.has("sla")) {
                n.errors().add(new FieldError(n.field("sla"), "SlaExceeded needs an sla: the run's allowed duration, such as 2h"));
            }
            if (sla != null && !on.contains(Notify.Event.SlaExceeded)) {
                n.errors().add(new FieldError(n.field("sla"), "is read only with SlaExceeded in events"));
            }
            if (sla != null && (sla.isZero() || sla.isNegative())) {
                n.errors().add(new FieldError(n.field("sla"), "must be more than 0"));
            }
            SpecFields hook = n.object("webhook");
            if (hook == null) {
                n.errors().add(new FieldError(n.field("webhook"), "required: {url, secretRef, format}"));
                continue;
            }
            hook.only(SpecFields.keys("url", "secretRef", "format"));
            String url = hook.string("url");
            String problem = url == null ? "a URL is required" : HttpStepReader.checkUrl(url, false);
            if (problem != null) {
                hook.errors().add(new FieldError(hook.field("url"), problem));
            }
            SecretRef secret = null;
            String header = "Authorization";
            SpecFields ref = hook.object("secretRef");
            if (ref != null) {
                String named = ref.string("header");
                String headerProblem = named == null ? null : HttpStepReader.headerNameProblem(named);
                if (headerProblem != null) {
                    ref.errors().add(new FieldError(ref.field("header"), headerProblem));
                }
                header = named == null ? header : named;
                java.util.Map<String, Object> nameAndKey = new java.util.LinkedHashMap<>(ref.entries());
                nameAndKey.remove("header");
                secret = SecretParams.keyRef(SpecFields.of(nameAndKey, ref.path(), ref.errors()));
            }
            Notify.Format format = hook.oneOf("format", Notify.Format.class);
            out.add(new Notify(i, on, sla, url, secret, header, format == null ? Notify.Format.Json : format));
        }
        return out;
    }

    private static Set<Notify.Event> events(SpecFields n) {
        List<String> names = n.strings("events", Notify.Event.values().length);
        Set<Notify.Event> on = EnumSet.noneOf(Notify.Event.class);
        if (names == null || names.isEmpty()) {
            n.errors().add(new FieldError(n.field("events"), "required: one or more of Started, Succeeded, Failed, StepFailed, SlaExceeded"));
            return on;
        }
        for (String name : names) {
            try {
                on.add(Notify.Event.valueOf(name));
            } catch (IllegalArgumentException e) {
                n.errors().add(new FieldError(n.field("events"), "\"" + name + "\" is not one of Started, Succeeded, Failed, StepFailed, SlaExceeded"));
            }
        }
        return on;
    }
}

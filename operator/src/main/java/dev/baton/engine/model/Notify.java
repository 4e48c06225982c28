package dev.baton.engine.model;

import java.time.Duration;
import java.util.Set;

/**
 * One entry of a workflow's {@code notify}: which events of a run are sent where.
 *
 * @param index  its place in spec.notify, part of each message's dedup id
 * @param sla    the run's allowed duration since its start, for {@link Event#SlaExceeded}; else null
 * @param secret the Secret key whose value goes into {@code header}, or null
 */
public record Notify(int index, Set<Event> events, Duration sla, String url, SecretRef secret, String header, Format format) {
    public enum Event { Started, Succeeded, Failed, StepFailed, SlaExceeded }

    /** Json: Baton's message; Slack: {"text": ...} as Slack's incoming webhooks take it, with Baton's message beside. */
    public enum Format { Json, Slack }

    public Notify {
        events = Set.copyOf(events);
    }
}

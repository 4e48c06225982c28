package dev.baton.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.MicroTime;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConsoleRoutesTest {
    @Test
    void eventsWithALastTimestampAndEventsWithAnEventTimeSortByWhenTheyHappened() {
        Event created = new EventBuilder().withReason("SuccessfulCreate").withLastTimestamp("2026-12-06T11:42:00Z").build();
        Event scheduled = new EventBuilder().withReason("Scheduled").withEventTime(new MicroTime("2026-12-06T11:42:00.486215Z")).build();
        Event started = new EventBuilder().withReason("Started").withLastTimestamp("2026-12-06T11:42:01Z").build();
        Event unknown = new EventBuilder().withReason("NoTime").build();
        List<String> order = List.of(started, scheduled, unknown, created).stream()
                .sorted(Comparator.comparing(ConsoleRoutes::eventTime, Comparator.nullsFirst(Comparator.naturalOrder())))
                .map(Event::getReason).toList();
        assertThat(order).containsExactly("NoTime", "SuccessfulCreate", "Scheduled", "Started");
    }
}

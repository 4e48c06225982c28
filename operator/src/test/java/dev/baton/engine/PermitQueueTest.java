package dev.baton.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A shared concurrency limit's queue as a table: the permits that exist (held, by id), the waiters
 * ({@code id:priority:second it began to wait}) and the limit; whether "me" may take a permit now, and
 * whether a freed permit wakes me.
 */
class PermitQueueTest {
    @ParameterizedTest(name = "limit {0}, held [{1}], waiting [{2}], me {3} → {4}")
    @CsvSource(delimiter = '|', value = {
            // limit | held       | other waiters         | me      | may take
            "2       |            |                       | m:0:5   | true",
            "2       | a b        |                       | m:0:5   | false",
            "2       | a          |                       | m:0:5   | true",
            "2       | a          | x:0:1                 | m:0:5   | false",   // first come, first served
            "2       | a          | x:0:9                 | m:0:5   | true",
            "2       |            | x:0:1                 | m:0:5   | true",    // two free: the second waiter takes one too
            "2       |            | x:0:1 y:0:2           | m:0:5   | false",
            "2       | a          | x:5:9                 | m:0:5   | false",   // higher priority first, whatever its wait
            "2       | a          | x:0:1                 | m:1:5   | true",
            "2       | a          | x:-1:1                | m:0:5   | true",
            "2       | a x        | x:0:1                 | m:0:5   | false",   // x holds already (its status lags): it counts as held
            "3       | a x        | x:0:1                 | m:0:5   | true",    // ... and not as a waiter ahead
            "2       | a m        |                       | m:0:5   | true",    // my own permit (not confirmed yet) is not another's
            "1       | a b c      |                       | m:9:0   | false",   // the limit was lowered: none until fewer hold it
            "3       | a b        | m2:0:5                | m1:0:5  | true",    // same wait: the id breaks the tie
            "3       | a b        | m1:0:5                | m2:0:5  | false",
    })
    void mayTake(int limit, String held, String waiting, String me, boolean expected) {
        Set<String> holding = new HashSet<>(ids(held));
        List<PermitQueue.Waiter> waiters = new ArrayList<>();
        for (String w : ids(waiting)) {
            waiters.add(waiter(w));
        }
        PermitQueue.Waiter mine = waiter(me);
        waiters.add(mine);
        assertThat(PermitQueue.mayTake(mine, waiters, holding, limit)).isEqualTo(expected);
        if (!holding.contains(mine.id())) {
            assertThat(PermitQueue.next(waiters, holding, limit)).as("the waiters a freed permit wakes").hasSizeLessThanOrEqualTo(limit)
                    .matches(next -> next.contains(mine) == expected, "holds me exactly when I may take");
        }
    }

    @Test
    void aFreedPlaceWakesTheFirstWaitersOfTheQueueNotAllOfIt() {
        List<PermitQueue.Waiter> waiters = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            // Every third waits with priority 1; the later the index, the earlier it began to wait.
            waiters.add(new PermitQueue.Waiter("w" + i, i % 3 == 0 ? 1 : 0, Instant.EPOCH.plusSeconds(10_000 - i)));
        }
        assertThat(PermitQueue.next(waiters, Set.of("a"), 4)).extracting(PermitQueue.Waiter::id)
                .containsExactly("w9999", "w9996", "w9993");
        assertThat(PermitQueue.next(waiters, Set.of("a", "w9999"), 4)).as("a waiter that holds already is not woken for a place")
                .extracting(PermitQueue.Waiter::id).containsExactly("w9996", "w9993");
        assertThat(PermitQueue.next(waiters, Set.of("a", "b", "c", "d"), 4)).as("no place free: nobody").isEmpty();
        assertThat(PermitQueue.next(waiters, Set.of("a", "b", "c", "d", "e"), 4)).as("a lowered limit: nobody").isEmpty();
    }

    private static List<String> ids(String list) {
        return list == null || list.isBlank() ? List.of() : Arrays.asList(list.trim().split("\\s+"));
    }

    private static PermitQueue.Waiter waiter(String text) {
        String[] p = text.split(":");
        return new PermitQueue.Waiter(p[0], Integer.parseInt(p[1]), Instant.EPOCH.plusSeconds(Long.parseLong(p[2])));
    }
}

package dev.baton.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The revision cache holds what fits in its byte budget, not a fixed number of specs of any size. */
class WeighedCacheTest {
    @Test
    void evictsTheLeastRecentlyUsedPastTheWeight() {
        WeighedCache<String> cache = new WeighedCache<>(100, 1_000);
        cache.put("a", "A", 400);
        cache.put("b", "B", 400);
        assertThat(cache.get("a")).isEqualTo("A"); // a is now the most recently used
        cache.put("c", "C", 400);
        assertThat(cache.get("b")).as("least recently used, evicted").isNull();
        assertThat(cache.get("a")).isEqualTo("A");
        assertThat(cache.weight()).isEqualTo(800);
    }

    @Test
    void evictsPastTheEntriesAndKeepsNothingHeavierThanTheBudget() {
        WeighedCache<Integer> cache = new WeighedCache<>(3, 1_000_000);
        for (int i = 0; i < 10_000; i++) {
            cache.put("k" + i, i, 10);
        }
        assertThat(cache.size()).isEqualTo(3);
        assertThat(cache.weight()).isEqualTo(30);
        cache.put("huge", -1, 2_000_000);
        assertThat(cache.get("huge")).isNull();
        assertThat(cache.size()).isEqualTo(3);
    }

    @Test
    void replacingAValueReplacesItsWeight() {
        WeighedCache<String> cache = new WeighedCache<>(10, 1_000);
        cache.put("a", "small", 10);
        cache.put("a", "big", 900);
        assertThat(cache.weight()).isEqualTo(900);
        assertThat(cache.get("a")).isEqualTo("big");
    }
}

package dev.baton.engine.loops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The cartesian product of foreach params, read one index at a time. */
class IterationsTest {

    /** Params written "name=v1,v2;name2=..."; "name=" is an empty list. */
    private static LinkedHashMap<String, List<Object>> params(String spec) {
        LinkedHashMap<String, List<Object>> params = new LinkedHashMap<>();
        if (spec.isBlank()) {
            return params;
        }
        for (String param : spec.split(";")) {
            String[] kv = param.split("=", -1);
            params.put(kv[0].trim(), kv[1].isBlank() ? List.of() : Arrays.stream(kv[1].split(",")).map(s -> (Object) s.trim()).toList());
        }
        return params;
    }

    private static String show(Map<String, Object> vars) {
        return vars.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" "));
    }

    @ParameterizedTest(name = "{0}: #{1} = {2}")
    @CsvSource(delimiter = '|', value = {
            // params                      | index | loop variables (first param varies slowest)
            "a=1,2;b=x,y,z                 | 0     | a=1 b=x iteration=0",
            "a=1,2;b=x,y,z                 | 1     | a=1 b=y iteration=1",
            "a=1,2;b=x,y,z                 | 2     | a=1 b=z iteration=2",
            "a=1,2;b=x,y,z                 | 3     | a=2 b=x iteration=3",
            "a=1,2;b=x,y,z                 | 5     | a=2 b=z iteration=5",
            "a=0,1,2,3,4,5,6,7,8;b=only    | 0     | a=0 b=only iteration=0",
            "a=0,1,2,3,4,5,6,7,8;b=only    | 4     | a=4 b=only iteration=4",
            "a=0,1,2,3,4,5,6,7,8;b=only    | 8     | a=8 b=only iteration=8",
            "r=us,eu;h=0,12;d=mon,tue      | 6     | r=eu h=12 d=mon iteration=6",
    })
    void iterationsComeInNestedLoopOrder(String spec, long index, String expected) {
        assertThat(show(new Iterations(params(spec)).get(index))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "[{0}] has {1} iterations")
    @CsvSource(delimiter = '|', value = {
            "a=1,2;b=x,y,z             | 6",
            "a=0,1,2,3,4,5,6,7,8;b=only| 9",
            "a=1,2;b=                  | 0",
            "a=                        | 0",
            "a=1                       | 1",
    })
    void sizeIsTheProductOfTheListSizes(String spec, long size) {
        assertThat(new Iterations(params(spec)).size()).isEqualTo(size);
    }

    @Test
    void allIndexesOfTheProductAreDistinct() {
        Iterations it = new Iterations(params("a=1,2;b=x,y,z"));
        assertThat(java.util.stream.LongStream.range(0, it.size()).mapToObj(i -> show(it.get(i)).replaceAll(" iteration=\\d+", "")))
                .doesNotHaveDuplicates().hasSize(6);
    }

    @Test
    void aMillionIterationsAreNotMaterialised() {
        LinkedHashMap<String, List<Object>> p = new LinkedHashMap<>();
        p.put("x", Collections.nCopies(1_000, "x"));
        p.put("y", List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9));
        p.put("z", Collections.nCopies(100, "z"));
        Iterations it = new Iterations(p);
        assertThat(it.size()).isEqualTo(1_000_000);
        assertThat(it.get(999_999)).containsEntry("y", 9).containsEntry("iteration", 999_999L);
        assertThat(it.get(100)).containsEntry("y", 1);
    }

    @Test
    void aProductThatOverflowsALongIsRefusedWithItsSize() {
        LinkedHashMap<String, List<Object>> p = new LinkedHashMap<>();
        for (String name : List.of("a", "b", "c")) {
            p.put(name, Collections.nCopies(3_000_000, name));
        }
        assertThatThrownBy(() -> new Iterations(p).size())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("foreach.params: the product a (3000000) × b (3000000) × c (3000000) has 27000000000000000000"
                        + " iterations, more than the limit of 1000000");
    }

    @ParameterizedTest
    @CsvSource({"1001,1000,1000000,false", "1000,1000,1000000,true", "11,1,10,false", "10,1,10,true"})
    void theLimitIsConfigurable(int a, int b, long max, boolean accepted) {
        LinkedHashMap<String, List<Object>> p = new LinkedHashMap<>();
        p.put("a", Collections.nCopies(a, "a"));
        p.put("b", Collections.nCopies(b, "b"));
        if (accepted) {
            assertThat(new Iterations(p, max).size()).isEqualTo((long) a * b);
        } else {
            assertThatThrownBy(() -> new Iterations(p, max)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("more than the limit of " + max);
        }
    }

    @Test
    void indexesOutsideTheProductAndAParamNamedIterationAreRefused() {
        Iterations it = new Iterations(params("a=1,2"));
        assertThatThrownBy(() -> it.get(2)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> it.get(-1)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> new Iterations(params("iteration=1,2")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'iteration' is reserved");
    }
}

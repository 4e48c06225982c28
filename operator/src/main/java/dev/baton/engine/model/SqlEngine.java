package dev.baton.engine.model;

import java.util.Arrays;
import java.util.List;

/**
 * The database engines a sql step can talk to, named as written in {@code sql.engine}. Each maps to one
 * connector of the runner (executor/sql-runner.py: its driver and how it binds parameters), so another
 * engine (mysql, trino) is one constant here, one connector there and its driver in the runner image.
 */
public enum SqlEngine {
    /** PostgreSQL, through psycopg 3: parameters are bound by the server (extended query protocol). */
    postgresql;

    /** The engine named {@code name}, or null when there is none of that name. */
    public static SqlEngine named(String name) {
        return Arrays.stream(values()).filter(e -> e.name().equals(name)).findFirst().orElse(null);
    }

    /** The names an engine may have, for messages. */
    public static List<String> names() {
        return Arrays.stream(values()).map(Enum::name).toList();
    }
}

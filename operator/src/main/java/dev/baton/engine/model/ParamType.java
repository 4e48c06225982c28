package dev.baton.engine.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The types a workflow parameter may have; names follow Maestro's. */
public enum ParamType {
    @JsonProperty("string") STRING,
    @JsonProperty("long") LONG,
    @JsonProperty("double") DOUBLE,
    @JsonProperty("boolean") BOOLEAN,
    @JsonProperty("stringArray") STRING_ARRAY,
    @JsonProperty("longArray") LONG_ARRAY,
    @JsonProperty("doubleArray") DOUBLE_ARRAY,
    @JsonProperty("booleanArray") BOOLEAN_ARRAY,
    @JsonProperty("map") MAP
}

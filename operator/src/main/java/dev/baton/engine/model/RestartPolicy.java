package dev.baton.engine.model;

/**
 * Which steps a restart runs again: FromIncomplete (every step that did not succeed), FromBeginning
 * (all), FromStep (a step and its descendants).
 */
public enum RestartPolicy { FromIncomplete, FromBeginning, FromStep }

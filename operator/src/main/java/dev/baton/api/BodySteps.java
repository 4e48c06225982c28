package dev.baton.api;

import java.util.ArrayList;

/**
 * Schema stand-in for the body of a loop: a list of step objects whose fields the operator checks.
 * Written out in full the schema would contain itself (a loop inside a loop), which a CRD cannot.
 */
public final class BodySteps extends ArrayList<AnyValues> {
    private BodySteps() {
    }
}

package dev.baton.engine;

/**
 * An expression or template that cannot be compiled or evaluated. The message is written for the
 * workflow author (it quotes the expression), because it ends up in status conditions and events.
 */
public class ExpressionException extends RuntimeException {

    public ExpressionException(String message) {
        super(message);
    }
}

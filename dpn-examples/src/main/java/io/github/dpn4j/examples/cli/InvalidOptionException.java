package io.github.dpn4j.examples.cli;

import java.util.function.Supplier;

/**
 * An option's value is invalid: the command exits with {@value Dpn#EXIT_USAGE}, like picocli's own parse errors, so
 * every error of the command line has the same exit code.
 */
public final class InvalidOptionException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /** @param cause the validation error, whose message names the option and the value */
    InvalidOptionException(IllegalArgumentException cause) {
        super(cause.getMessage(), cause);
    }

    /**
     * Turns the options into a value, any {@link IllegalArgumentException} of that step into an option error.
     *
     * @param options reads and validates options, e.g. {@code () -> ExampleConfig.fromName(config)}
     * @param <T>     the value's type
     * @return the value
     * @throws InvalidOptionException naming the option and value
     */
    public static <T> T check(Supplier<T> options) {
        try {
            return options.get();
        } catch (InvalidOptionException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new InvalidOptionException(e);
        }
    }
}

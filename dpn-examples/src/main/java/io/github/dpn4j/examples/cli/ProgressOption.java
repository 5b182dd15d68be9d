package io.github.dpn4j.examples.cli;

import io.github.dpn4j.examples.train.Progress;
import picocli.CommandLine.Option;

/** The {@code --[no-]progress} option shared by the commands. */
public final class ProgressOption {

    @Option(names = "--progress", negatable = true,
            description = "draw progress bars on standard error (default: only when attached to a terminal)")
    Boolean enabled;

    /** @return the progress display the option selects */
    public Progress progress() {
        boolean on = enabled != null ? enabled : System.console() != null;
        return on ? Progress.console() : Progress.none();
    }
}

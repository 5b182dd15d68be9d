package io.github.dpn4j.examples.train;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Progress bars for training and evaluation (the {@code me.tongfei:progressbar} library, on standard error), or
 * nothing at all ({@link #none()}) for tests and redirected output.
 */
public final class Progress {

    /** Redraw interval of a bar in milliseconds: {@value}. */
    public static final int UPDATE_INTERVAL_MS = 200;

    private static final Progress NONE = new Progress(false);

    private final boolean enabled;

    private Progress(boolean enabled) {
        this.enabled = enabled;
    }

    /** @return bars drawn on the console (standard error) */
    public static Progress console() {
        return new Progress(true);
    }

    /** @return no bars */
    public static Progress none() {
        return NONE;
    }

    /**
     * Starts a bar.
     *
     * @param task  shown left of the bar, e.g. {@code "epoch 1/5"}
     * @param total steps to completion (a hint; may be exceeded)
     * @return the bar; close it when done
     */
    public Bar start(String task, long total) {
        if (!enabled) {
            return new Bar(null);
        }
        return new Bar(new ProgressBarBuilder()
                .setTaskName(task)
                .setInitialMax(total)
                .setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(UPDATE_INTERVAL_MS)
                .clearDisplayOnFinish()
                .build());
    }

    /** One bar; every method does nothing when bars are off. */
    public static final class Bar implements AutoCloseable {
        private final ProgressBar bar;

        private Bar(ProgressBar bar) {
            this.bar = bar;
        }

        /** @param steps steps done since the last call */
        public void stepBy(long steps) {
            if (bar != null) {
                bar.stepBy(steps);
            }
        }

        /** @param message shown right of the bar, e.g. the running loss */
        public void message(String message) {
            if (bar != null) {
                bar.setExtraMessage(message);
            }
        }

        @Override
        public void close() {
            if (bar != null) {
                bar.close();
            }
        }
    }
}

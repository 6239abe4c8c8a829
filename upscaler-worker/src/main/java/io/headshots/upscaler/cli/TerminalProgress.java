package io.headshots.upscaler.cli;

import io.headshots.upscaler.engine.UpscaleListener;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A tile progress bar on stderr, one per image, shown only when a person is watching:
 * when the process has a console. Piped or scripted runs stay quiet.
 */
final class TerminalProgress implements UpscaleListener, AutoCloseable {

    private final String task;
    private final boolean visible;
    private ProgressBar bar;

    private TerminalProgress(String task, boolean visible) {
        this.task = task;
        this.visible = visible;
    }

    /** A bar if stdin/stdout are a terminal, else a listener that shows nothing. */
    static TerminalProgress forTask(String task) {
        return new TerminalProgress(task, System.console() != null);
    }

    @Override
    public void tileDone(int done, int total) {
        if (!visible) {
            return;
        }
        if (bar == null) {
            // Built on the first tile, when the total is known.
            bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(total)
                    .setStyle(ProgressBarStyle.ASCII).setUnit(" tiles", 1).build();
        }
        bar.stepTo(done);
    }

    @Override
    public boolean cancelled() {
        return false;
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }
}

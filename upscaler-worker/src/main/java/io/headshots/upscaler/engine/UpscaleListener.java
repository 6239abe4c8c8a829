package io.headshots.upscaler.engine;

/**
 * Progress and cancellation for one upscale. Called on the thread that runs
 * {@link UpscaleEngine#upscale}, so implementations must be cheap.
 */
public interface UpscaleListener {

    /** A listener that ignores progress and never cancels. */
    UpscaleListener NONE = new UpscaleListener() {
        @Override
        public void tileDone(int done, int total) {
        }

        @Override
        public boolean cancelled() {
            return false;
        }
    };

    /**
     * Called after each tile has been run through the model and blended.
     *
     * @param done  tiles finished so far, 1..total
     * @param total tiles in this upscale
     */
    void tileDone(int done, int total);

    /**
     * Asked before each tile; returning {@code true} stops the upscale with
     * {@link UpscaleFailure#CANCELED} and writes nothing.
     */
    boolean cancelled();
}

package io.headshots.generator.engine.diffusion;

/** The operator's model folder does not match what the engine runs; the message names file, tensor, expected and found. */
public class ModelFolderMismatch extends IllegalStateException {
    public ModelFolderMismatch(String message) {
        super(message);
    }
}

package io.headshots.models.tfjs;

/** A TensorFlow.js weights manifest or shard that this module cannot read, or weights that do not fit the network. */
public final class TfjsFormatException extends RuntimeException {

    public TfjsFormatException(String message) {
        super(message);
    }
}

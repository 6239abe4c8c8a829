package io.headshots.models.source;

/** A downloaded package whose bytes are not the pinned ones; it is never used. */
public class SourceIntegrityException extends RuntimeException {

    public SourceIntegrityException(String message) {
        super(message);
    }
}

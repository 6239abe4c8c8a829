package io.headshots.contracts;

/**
 * A message that no retry can make valid: not JSON, an unknown version, a missing field. It goes to
 * the dead-letter topic with this reason; it must never block its partition.
 */
public class PoisonMessageException extends RuntimeException {
    public PoisonMessageException(String reason) {
        super(reason);
    }

    public PoisonMessageException(String reason, Throwable cause) {
        super(reason, cause);
    }
}

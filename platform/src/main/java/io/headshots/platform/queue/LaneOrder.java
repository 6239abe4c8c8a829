package io.headshots.platform.queue;

import java.util.List;

import io.headshots.contracts.Lane;

/**
 * Which lane a free worker asks first: premium, until it has taken {@code premiumWeight} premium
 * tasks in a row; then free once (falling back to premium when free is empty). A worker asks the
 * second lane only when the first had nothing, so premium waits for at most one running task, and
 * free work gets at least one task in {@code premiumWeight + 1} while both lanes have a backlog.
 */
public final class LaneOrder {
    private static final List<Lane> PREMIUM_FIRST = List.of(Lane.PREMIUM, Lane.FREE);
    private static final List<Lane> FREE_FIRST = List.of(Lane.FREE, Lane.PREMIUM);

    private final int premiumWeight;
    private int premiumInARow;

    public LaneOrder(int premiumWeight) {
        if (premiumWeight < 1) {
            throw new IllegalArgumentException("premiumWeight must be at least 1");
        }
        this.premiumWeight = premiumWeight;
    }

    /** The lanes in the order to ask them for the next task. */
    public List<Lane> next() {
        return premiumInARow >= premiumWeight ? FREE_FIRST : PREMIUM_FIRST;
    }

    /** Notes the lane of the task just taken. */
    public void took(Lane lane) {
        premiumInARow = lane == Lane.PREMIUM ? premiumInARow + 1 : 0;
    }
}

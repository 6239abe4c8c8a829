package io.headshots.platform.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.headshots.contracts.Lane;

class LaneOrderTests {

    @Test
    void premiumIsAskedFirst() {
        assertThat(new LaneOrder(4).next()).containsExactly(Lane.PREMIUM, Lane.FREE);
    }

    @Test
    void withBothLanesBusyFreeGetsOneTurnAfterWeightPremiumTasks() {
        LaneOrder order = new LaneOrder(3);
        List<Lane> taken = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            Lane lane = order.next().get(0); // both lanes always have work: the first asked answers
            order.took(lane);
            taken.add(lane);
        }

        assertThat(taken).containsExactly(
                Lane.PREMIUM, Lane.PREMIUM, Lane.PREMIUM, Lane.FREE,
                Lane.PREMIUM, Lane.PREMIUM, Lane.PREMIUM, Lane.FREE,
                Lane.PREMIUM, Lane.PREMIUM, Lane.PREMIUM, Lane.FREE);
    }

    @Test
    void freeKeepsItsTurnUntilItTakesOneWhenItWasEmpty() {
        LaneOrder order = new LaneOrder(1);
        order.took(Lane.PREMIUM);
        assertThat(order.next()).containsExactly(Lane.FREE, Lane.PREMIUM);

        order.took(Lane.PREMIUM); // free had nothing; premium was taken instead
        assertThat(order.next()).containsExactly(Lane.FREE, Lane.PREMIUM);

        order.took(Lane.FREE);
        assertThat(order.next()).containsExactly(Lane.PREMIUM, Lane.FREE);
    }

    @Test
    void aWeightBelowOneIsRefused() {
        assertThatThrownBy(() -> new LaneOrder(0)).isInstanceOf(IllegalArgumentException.class);
    }
}

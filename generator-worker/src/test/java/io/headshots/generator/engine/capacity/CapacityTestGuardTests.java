package io.headshots.generator.engine.capacity;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The capacity-test engine is refused in the production profile (the packaged app's default). */
class CapacityTestGuardTests {

    @Test
    void theProductionProfileRefusesItWithAClearMessage() {
        assertThatThrownBy(() -> CapacityTestGuard.requireNonProduction(List.of("prod")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("generator.engine=capacity-test")
                .hasMessageContaining("refused in the production profile")
                .hasMessageContaining("[prod]")
                .hasMessageContaining("-Dquarkus.profile=bench");
    }

    @Test
    void prodAmongSeveralProfilesStillRefusesIt() {
        assertThatThrownBy(() -> CapacityTestGuard.requireNonProduction(List.of("bench", "prod")))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void unknownProfilesCountAsProduction() {
        assertThatThrownBy(() -> CapacityTestGuard.requireNonProduction(List.of()))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> CapacityTestGuard.requireNonProduction(null))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void otherProfilesAllowIt() {
        for (String profile : List.of("bench", "test", "dev")) {
            assertThatCode(() -> CapacityTestGuard.requireNonProduction(List.of(profile))).doesNotThrowAnyException();
        }
    }
}

package io.headshots.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class TenantGuardTests {
    private static final String OWN_HASH = TenantGuard.sha256("a-key-nobody-published");

    @Test
    void productionWithoutTenantsRefusesToStart() {
        assertThat(TenantGuard.refusal(List.of("prod"), Map.of()))
                .hasValueSatisfying(reason -> assertThat(reason).contains("no tenants configured"));
    }

    @Test
    void productionWithADemoKeyRefusesToStartAndNamesTheTenant() {
        var tenants = Map.of("acme", OWN_HASH, "shop", TenantGuard.sha256("dev-premium-key").toUpperCase());

        assertThat(TenantGuard.refusal(List.of("prod"), tenants))
                .hasValueSatisfying(reason -> assertThat(reason).contains("[shop]").contains("demo key")
                        .doesNotContain("acme"));
    }

    @Test
    void theDemoHashesInTheConfigurationAreTheDemoKeys() {
        // The guard must recognise exactly what application.properties configures for the local stack.
        assertThat(TenantGuard.sha256("dev-free-key"))
                .isEqualTo("febebc1a5231ad4ef499c130454eae792d647fb73f8430d0ca286ee813f66827");
        assertThat(TenantGuard.sha256("dev-premium-key"))
                .isEqualTo("a879fdcc10374fb0631a30fc6c29bf729e53914b46d7d9471a57646a519fd3f6");
    }

    @Test
    void productionWithItsOwnTenantsStarts() {
        assertThat(TenantGuard.refusal(List.of("prod"), Map.of("acme", OWN_HASH))).isEmpty();
    }

    @Test
    void theLocalStackDevModeAndTestsKeepTheDemoTenants() {
        var demo = Map.of("demo-free", TenantGuard.sha256("dev-free-key"));
        assertThat(TenantGuard.refusal(List.of("prod", "local"), demo)).isEmpty();
        assertThat(TenantGuard.refusal(List.of("dev"), demo)).isEmpty();
        assertThat(TenantGuard.refusal(List.of("test"), demo)).isEmpty();
    }
}

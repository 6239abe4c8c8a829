package io.headshots.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.headshots.systemtests.support.GatewayClient;
import io.headshots.systemtests.support.ServiceProcess;
import io.headshots.systemtests.support.TestSystem;

/**
 * The packaged gateway in the production profile (no {@code local}): the demo tenants are not there,
 * and it refuses to start without tenants of its own or with a published demo key.
 */
class ProductionProfileIT {
    private static final Duration EXIT = Duration.ofSeconds(60);
    /** sha256("dev-premium-key"), the key the README publishes. */
    private static final String DEMO_PREMIUM_HASH = "a879fdcc10374fb0631a30fc6c29bf729e53914b46d7d9471a57646a519fd3f6";
    /** An operator's own key hash (any hash that is not a demo key's). */
    private static final String OWN_HASH = "0d5a56d35a8cdd1d4ff2a84dcbd1eb9e02c2ae5d5d0e3b1a8f0c8d0ec7e2e3b1";

    private final TestSystem system = TestSystem.get();

    @Test
    void withoutTenantsTheGatewayRefusesToStart() {
        ServiceProcess gateway = system.newGateway("gateway-prod-none", Map.of("QUARKUS_PROFILE", "prod")).start();

        assertThat(gateway.awaitExit(EXIT)).isNotZero();
        assertThat(gateway.tail(60)).contains("no tenants configured");
    }

    @Test
    void withAPublishedDemoKeyTheGatewayRefusesToStart() {
        ServiceProcess gateway = system.newGateway("gateway-prod-demo", Map.of("QUARKUS_PROFILE", "prod",
                "GATEWAY_TENANTS_SHOP_KEY_SHA256", DEMO_PREMIUM_HASH, "GATEWAY_TENANTS_SHOP_TIER", "premium")).start();

        assertThat(gateway.awaitExit(EXIT)).isNotZero();
        assertThat(gateway.tail(60)).contains("[shop]").contains("demo key");
    }

    @Test
    void withItsOwnTenantsItStartsAndTheDemoKeysAreRefused() {
        ServiceProcess gateway = system.newGateway("gateway-prod-own", Map.of("QUARKUS_PROFILE", "prod",
                "GATEWAY_TENANTS_ACME_KEY_SHA256", OWN_HASH, "GATEWAY_TENANTS_ACME_TIER", "free")).start();
        try {
            gateway.awaitReady(TestSystem.START_TIMEOUT);

            var answer = new GatewayClient(gateway.url(), "dev-premium-key").get("/v1/jobs");
            assertThat(answer.status()).as(answer.text()).isEqualTo(401);
        } finally {
            gateway.kill();
        }
    }
}

package io.headshots.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.headshots.systemtests.support.GatewayClient;
import io.headshots.systemtests.support.GatewayClient.Answer;
import io.headshots.systemtests.support.Images;
import io.headshots.systemtests.support.Multipart;
import io.headshots.systemtests.support.ServiceProcess;
import io.headshots.systemtests.support.TestSystem;

/**
 * Two gateway replicas (the packaged app twice, as behind a load balancer) give the same answers:
 * one Idempotency-Key sent concurrently to both makes one job; the same key with another request is
 * refused by either; a job submitted through one is read through the other.
 */
class GatewayReplicasIT {
    private static TestSystem system;
    private static ServiceProcess second;

    @BeforeAll
    static void startASecondReplica() {
        system = TestSystem.get();
        system.gateway();
        second = system.newGateway("api-gateway-replica-2", Map.of()).start().awaitReady(TestSystem.START_TIMEOUT);
    }

    @AfterAll
    static void stopIt() {
        second.kill();
    }

    @Test
    void oneIdempotencyKeySentConcurrentlyToTwoReplicasMakesOneJob() {
        List<GatewayClient> replicas = List.of(system.client(), new GatewayClient(second.url()));
        String key = "replicas-" + System.nanoTime();
        byte[] image = Images.png(40, 30);
        List<CompletableFuture<Answer>> answers = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            for (GatewayClient replica : replicas) {
                answers.add(CompletableFuture.supplyAsync(() -> replica.post("/v1/upscales",
                        Multipart.image(image).fields("model", TestSystem.MODEL, "scale", "2"),
                        Map.of("Idempotency-Key", key))));
            }
        }
        Set<String> ids = new HashSet<>();
        for (CompletableFuture<Answer> future : answers) {
            Answer answer = future.join();
            assertThat(answer.status()).as(answer.text()).isEqualTo(202);
            ids.add(answer.json().get("id").asText());
        }
        assertThat(ids).as("job ids of six concurrent requests over two replicas").hasSize(1);

        for (GatewayClient replica : replicas) {
            Answer other = replica.post("/v1/upscales",
                    Multipart.image(image).fields("model", TestSystem.MODEL, "scale", "3"), Map.of("Idempotency-Key", key));
            assertThat(other.status()).as(other.text()).isEqualTo(409);
            assertThat(other.code()).isEqualTo("idempotency_key_reused");
            assertThat(replica.job(ids.iterator().next()).get("id").asText()).isEqualTo(ids.iterator().next());
        }
    }
}

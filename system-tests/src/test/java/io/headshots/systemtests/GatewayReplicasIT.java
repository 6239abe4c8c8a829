package io.headshots.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.headshots.contracts.JobEvent;
import io.headshots.contracts.Messages;
import io.headshots.contracts.TaskResult;
import io.headshots.systemtests.support.GatewayClient;
import io.headshots.systemtests.support.GatewayClient.Answer;
import io.headshots.systemtests.support.Images;
import io.headshots.systemtests.support.KafkaProbe;
import io.headshots.systemtests.support.Multipart;
import io.headshots.systemtests.support.ServiceProcess;
import io.headshots.systemtests.support.TestSystem;

/**
 * Two gateway replicas (the packaged app twice, as behind a load balancer, one Hazelcast cluster)
 * give the same answers: one Idempotency-Key sent concurrently to both makes one job; the same key
 * with another request is refused by either; a job submitted through one is read through the other;
 * a tenant's concurrent-job quota and request rate hold for both together. No worker runs here: a
 * job stays queued until the test ends it.
 */
class GatewayReplicasIT {
    private static TestSystem system;
    private static ServiceProcess second;

    @BeforeAll
    static void startASecondReplica() {
        system = TestSystem.get();
        system.gateway();
        second = system.newGatewayReplica("api-gateway-replica-2").start().awaitReady(TestSystem.START_TIMEOUT);
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

    @Test
    void aTenantAtItsJobQuotaOnOneReplicaIsRefusedByTheOtherUntilItsJobIsCanceled() {
        GatewayClient first = new GatewayClient(system.gateway().url(), TestSystem.ONE_JOB_KEY);
        GatewayClient other = new GatewayClient(second.url(), TestSystem.ONE_JOB_KEY);
        String job = first.submitFast(Images.png(40, 30), "scale", "2");

        Answer refused = other.upscale(fastUpscale());
        assertThat(refused.status()).as(refused.text()).isEqualTo(429);
        assertThat(refused.code()).isEqualTo("too_many_active_jobs");
        assertThat(refused.header("Retry-After")).isNotBlank();

        Answer canceled = other.cancel(job);
        assertThat(canceled.status()).as(canceled.text()).isEqualTo(202);
        String next = first.submitFast(Images.png(40, 30), "scale", "2");
        assertThat(other.upscale(fastUpscale()).code()).as("the new job holds the slot again")
                .isEqualTo("too_many_active_jobs");
        assertThat(first.cancel(next).status()).isEqualTo(202);
    }

    /** Starts with the tenant's slot free: the other quota test cancels its jobs, which frees their slots. */
    @Test
    void aTenantAtItsJobQuotaIsAdmittedByTheOtherReplicaOnceItsJobHasFinished() {
        GatewayClient first = new GatewayClient(system.gateway().url(), TestSystem.ONE_JOB_KEY);
        GatewayClient other = new GatewayClient(second.url(), TestSystem.ONE_JOB_KEY);
        String job = first.submitFast(Images.png(40, 30), "scale", "2");
        assertThat(other.upscale(fastUpscale()).code()).isEqualTo("too_many_active_jobs");

        // The job's only task ends as a worker would end it: its outcome in S3, then the terminal event.
        TaskResult result = TaskResult.failed(job, "image", "image", "undecodable_image", "test", Instant.now());
        system.jobs().putResult(result);
        new KafkaProbe(system.stack().bootstrapServers()).send("jobs.events", job,
                Messages.toJson(JobEvent.finished(result)));
        assertThat(first.awaitTerminal(job, Duration.ofSeconds(30)).get("status").asText()).isEqualTo("failed");

        Answer admitted = other.upscale(fastUpscale());
        assertThat(admitted.status()).as(admitted.text()).isEqualTo(202);
        assertThat(other.cancel(admitted.json().get("id").asText()).status()).isEqualTo(202);
    }

    @Test
    void aRateSpreadOverBothReplicasAdmitsTheTenantsRateInTotalNotTwice() {
        List<GatewayClient> replicas = List.of(new GatewayClient(system.gateway().url(), TestSystem.SLOW_KEY),
                new GatewayClient(second.url(), TestSystem.SLOW_KEY));
        int rate = TestSystem.SLOW_RATE_PER_MINUTE;
        int admitted = 0;
        int refused = 0;
        for (int i = 0; i < 4 * rate; i++) {
            Answer answer = replicas.get(i % 2).get("/v1/jobs/0190b8f0-0000-7000-8000-000000000000");
            if (answer.status() == 429) {
                assertThat(answer.code()).isEqualTo("rate_limited");
                refused++;
            } else {
                assertThat(answer.status()).as(answer.text()).isEqualTo(404);
                admitted++;
            }
        }
        // A token comes back every 60/rate s, so a slow burst may earn one more; never a second bucket.
        assertThat(admitted).as("requests admitted over two replicas").isBetween(rate, rate + 1);
        assertThat(refused).isEqualTo(4 * rate - admitted);
    }

    private static Multipart fastUpscale() {
        return Multipart.image(Images.png(40, 30)).fields("model", TestSystem.MODEL, "scale", "2");
    }
}

package io.headshots.gateway.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;

import io.headshots.contracts.Tier;
import io.headshots.gateway.ApiProblem;
import io.headshots.gateway.auth.Tenant;
import io.headshots.gateway.quota.JobSlots;
import io.headshots.gateway.quota.RequestRateLimiter;
import io.headshots.gateway.support.LocalStackTestResource;
import io.headshots.localstack.LocalStack;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The shared job slots against real Hazelcast members: the gateway's own, and a second member in
 * the same cluster standing in for another replica (started on first use, killed by the last test).
 */
@QuarkusTest
@WithTestResource(LocalStackTestResource.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterLimitsTests {
    private static HazelcastInstance otherReplica;

    @Inject
    JobSlots slots;

    @Inject
    ClusterConfig config;

    @Inject
    HazelcastInstance member;

    @AfterAll
    static void stopTheOtherReplica() {
        if (otherReplica != null) {
            otherReplica.shutdown();
        }
    }

    @Test
    void sixteenConcurrentTakesOfAThreeSlotQuotaAdmitExactlyThree() throws Exception {
        String tenant = "race-" + UUID.randomUUID();
        Instant now = Instant.now();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Boolean>> takers = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                String job = "job-" + i;
                takers.add(() -> slots.take(tenant, job, 3, now.plus(Duration.ofHours(24)), now));
            }
            int admitted = 0;
            for (Future<Boolean> taken : pool.invokeAll(takers)) {
                admitted += taken.get() ? 1 : 0;
            }
            assertThat(admitted).isEqualTo(3);
            assertThat(slots.held(tenant)).hasSize(3);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aSlotTakenThroughOneReplicaCountsOnAnotherAndIsFreedOnceWhicheverGivesItBack() {
        JobSlots other = new JobSlots(otherReplica());
        assertThat(member.getCluster().getMembers()).as("both replicas in one cluster").hasSize(2);
        String tenant = "shared-" + UUID.randomUUID();
        Instant now = Instant.now();
        Instant expiry = now.plus(Duration.ofHours(24));

        assertThat(slots.take(tenant, "a", 1, expiry, now)).isTrue();
        assertThat(other.take(tenant, "b", 1, expiry, now)).as("the other replica sees the slot taken").isFalse();
        assertThat(other.take(tenant, "a", 1, expiry, now)).as("taking a held job's slot again is a no-op").isTrue();

        other.release(tenant, "a");
        slots.release(tenant, "a"); // every replica may report the same end
        assertThat(slots.held(tenant)).isEmpty();
        assertThat(slots.take(tenant, "b", 1, expiry, now)).isTrue();
        assertThat(other.held(tenant)).containsExactly("b");
    }

    /** Runs last among the tests that use the other replica: it kills it. */
    @Test
    @Order(Integer.MAX_VALUE)
    void aSlotHeldByAReplicaThatDiesAbruptlyIsStillCountedByTheSurvivor() {
        HazelcastInstance doomed = otherReplica();
        String tenant;
        do {
            tenant = "orphan-" + UUID.randomUUID();
        } while (!doomed.getPartitionService().getPartition(tenant).getOwner().localMember());
        Instant now = Instant.now();
        assertThat(new JobSlots(doomed).take(tenant, "a", 1, now.plus(Duration.ofHours(24)), now)).isTrue();

        doomed.getLifecycleService().terminate(); // no hand-off: the backup on this member must take over
        otherReplica = null;

        assertThat(slots.held(tenant)).containsExactly("a");
        assertThat(slots.take(tenant, "b", 1, now.plus(Duration.ofHours(24)), now)).isFalse();
    }

    @Test
    void aHighRateSpreadOverTwoReplicasHoldsToWithinOnePercentPerReplica() {
        Tenant tenant = new Tenant("rate-" + UUID.randomUUID(), Tier.PREMIUM, 2000, 10);
        List<RequestRateLimiter> replicas = List.of(new RequestRateLimiter(member),
                new RequestRateLimiter(otherReplica()));
        long start = System.nanoTime();
        int admitted = 0;
        int refusedInARow = 0;
        for (int i = 0; refusedInARow < 50 && i < 10_000; i++) {
            try {
                replicas.get(i % 2).acquire(tenant);
                admitted++;
                refusedInARow = 0;
            } catch (ApiProblem refused) {
                assertThat(refused.getMessage()).contains("2000 requests a minute");
                refusedInARow++;
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long refilled = (long) Math.ceil(seconds * 2000 / 60);
        // Each replica may take up to 1% of the rate (20) before it synchronises with the cluster.
        assertThat(admitted).isBetween(2000, 2000 + 2 * 20 + (int) refilled);
    }

    @Test
    void aSlotPastItsJobsExpiryNoLongerCounts() {
        String tenant = "expiry-" + UUID.randomUUID();
        Instant now = Instant.now();
        assertThat(slots.take(tenant, "lost-event", 1, now.plusSeconds(60), now)).isTrue();
        assertThat(slots.take(tenant, "next", 1, now.plusSeconds(3600), now.plusSeconds(30))).isFalse();
        assertThat(slots.take(tenant, "next", 1, now.plusSeconds(3600), now.plusSeconds(61))).isTrue();
        assertThat(slots.held(tenant)).containsExactly("next");
    }

    /**
     * A take below the limit admits without walking the tenant's slots (the walk cost every submission
     * a pass over thousands of entries when the quota was lifted); expired slots go when the tenant is
     * full, and then make room as before.
     */
    @Test
    void expiredSlotsArePrunedOnlyWhenTheTenantIsFull() {
        String tenant = "prune-" + UUID.randomUUID();
        Instant now = Instant.now();
        assertThat(slots.take(tenant, "old", 3, now.plusSeconds(60), now)).isTrue();

        assertThat(slots.take(tenant, "second", 3, now.plusSeconds(3600), now.plusSeconds(61))).isTrue();
        assertThat(slots.held(tenant)).containsExactlyInAnyOrder("old", "second");
        assertThat(slots.take(tenant, "third", 3, now.plusSeconds(3600), now.plusSeconds(62))).isTrue();
        assertThat(slots.take(tenant, "fourth", 3, now.plusSeconds(3600), now.plusSeconds(63))).isTrue();
        assertThat(slots.held(tenant)).containsExactlyInAnyOrder("second", "third", "fourth");
        assertThat(slots.take(tenant, "fifth", 3, now.plusSeconds(3600), now.plusSeconds(64))).isFalse();
    }

    private synchronized HazelcastInstance otherReplica() {
        if (otherReplica == null) {
            String self = "127.0.0.1:" + config.port();
            otherReplica = Hazelcast.newHazelcastInstance(ClusterMember.memberConfig(new ClusterConfig() {
                private final int port = LocalStack.freePort();

                @Override
                public String name() {
                    return config.name();
                }

                @Override
                public int port() {
                    return port;
                }

                @Override
                public Optional<String> bindAddress() {
                    return Optional.of("127.0.0.1");
                }

                @Override
                public Join join() {
                    return Join.TCP_IP;
                }

                @Override
                public Optional<List<String>> members() {
                    return Optional.of(List.of(self));
                }

                @Override
                public Optional<String> kubernetesServiceDns() {
                    return Optional.empty();
                }

                @Override
                public Duration gracefulShutdownTimeout() {
                    return Duration.ofSeconds(5);
                }
            }));
            // Until the partitions that move to the newcomer have their backups, a death loses them.
            await().atMost(Duration.ofSeconds(30)).until(() -> otherReplica.getPartitionService().isClusterSafe());
        }
        return otherReplica;
    }

}

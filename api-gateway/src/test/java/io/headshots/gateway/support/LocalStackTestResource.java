package io.headshots.gateway.support;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;

import io.headshots.localstack.LocalStack;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * The real Kafka broker and S3 server of this test JVM, shared by every test class, plus two tenants
 * with tight quotas for the quota tests and three whose jobs only the listing tests make. The demo tenants get generous quotas: tests submit many jobs
 * and poll often.
 */
public class LocalStackTestResource implements QuarkusTestResourceLifecycleManager {
    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>(LocalStack.shared().serviceConfig());
        config.put("headshots.topics.partitions", "2");
        // A cluster of one, of a name no other JVM uses: a test gateway never joins a developer's stack.
        config.put("gateway.cluster.name", "test-" + UUID.randomUUID());
        config.put("gateway.cluster.port", Integer.toString(LocalStack.freePort()));
        config.put("gateway.cluster.bind-address", "127.0.0.1");
        config.put("gateway.quotas.rate-per-minute", "100000");
        config.put("gateway.quotas.max-concurrent-jobs", "100000");
        config.put("gateway.tenants.test-rate.key-sha256", sha256(Keys.RATE_LIMITED));
        config.put("gateway.tenants.test-rate.rate-per-minute", "3");
        config.put("gateway.tenants.test-quota.key-sha256", sha256(Keys.ONE_JOB_AT_A_TIME));
        config.put("gateway.tenants.test-quota.max-concurrent-jobs", "1");
        config.put("gateway.tenants.test-cancel.key-sha256", sha256(Keys.ONE_JOB_CANCELER));
        config.put("gateway.tenants.test-cancel.max-concurrent-jobs", "1");
        config.put("gateway.tenants.test-list.key-sha256", sha256(Keys.LISTER));
        config.put("gateway.tenants.test-list-other.key-sha256", sha256(Keys.NEIGHBOUR));
        config.put("gateway.tenants.test-erase.key-sha256", sha256(Keys.ERASER));
        return config;
    }

    @Override
    public void stop() {
        // the stack stops with the JVM; other test classes still use it
    }


    private static String sha256(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

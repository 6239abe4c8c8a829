package io.headshots.gateway.cluster;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The embedded Hazelcast member through which the gateway replicas share their rate-limit buckets
 * and their tenants' job slots ({@link ClusterMember}). Replicas with the same {@code name} that find
 * each other form one cluster; anything else stays apart.
 */
@ConfigMapping(prefix = "gateway.cluster")
public interface ClusterConfig {

    /**
     * The cluster's name: members of another name are refused even when they find each other, so
     * every stack needs its own ({@code ./dev up} derives one from its data directory, each test JVM
     * picks a random one, a Kubernetes namespace sets one per environment).
     */
    @WithDefault("headshots-gateway")
    String name();

    /** The member's TCP port; every replica on one host needs its own ({@code ./dev up}: 5701, 5801, ...). */
    @WithDefault("5701")
    int port();

    /**
     * The address the member binds to and announces, e.g. {@code 127.0.0.1} on the local stack; empty:
     * Hazelcast picks the host's address (a pod's IP).
     */
    Optional<String> bindAddress();

    /** How members find each other. */
    @WithDefault("tcp-ip")
    Join join();

    /**
     * {@code join=tcp-ip}: the members to contact, {@code host:port} each (this member may be among
     * them). Empty: this member forms a cluster of one.
     */
    Optional<List<String>> members();

    /**
     * {@code join=kubernetes}: the DNS name of the gateway's headless Service
     * ({@code api-gateway-cluster.NAMESPACE.svc.cluster.local}); its A records are the pods.
     */
    Optional<String> kubernetesServiceDns();

    /**
     * How long a stopping member waits for its partitions to move to the others (a rolling update
     * loses no bucket or slot), within the pod's grace period.
     */
    @WithDefault("PT20S")
    Duration gracefulShutdownTimeout();

    /** Discovery modes. */
    enum Join {
        /** A fixed member list: the local stack, compose, the tests. */
        TCP_IP,
        /** DNS lookup of a headless Service (Hazelcast's built-in Kubernetes discovery, no API access needed). */
        KUBERNETES
    }
}

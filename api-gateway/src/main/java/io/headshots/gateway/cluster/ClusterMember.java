package io.headshots.gateway.cluster;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.InMemoryFormat;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;

import io.github.bucket4j.grid.hazelcast.HazelcastProxyManager;
import io.quarkus.runtime.StartupEvent;

/**
 * This replica's embedded Hazelcast member. The gateway replicas are the cluster: no server of its
 * own to run. It holds only soft state (token buckets, tenants' job slots) with one synchronous
 * backup per partition, so one replica's death loses nothing, and a stop hands its partitions to
 * the others before the JVM exits. Sized for a 2-core box: few threads, 71 partitions.
 */
@ApplicationScoped
public class ClusterMember {
    private static final Logger LOG = Logger.getLogger(ClusterMember.class);
    /** Rate-limit buckets by tenant id (Bucket4j's serialized state). */
    public static final String RATE_BUCKETS = "rate-buckets";
    /** Each tenant's unfinished jobs: job id to expiry ({@code quota.JobSlots}). */
    public static final String JOB_SLOTS = "job-slots";
    /** Where Bucket4j's serializers take their type ids from; nothing else here registers any. */
    private static final int BUCKET4J_TYPE_ID_BASE = 1000;

    @Produces
    @Singleton
    HazelcastInstance member(ClusterConfig config) {
        long started = System.nanoTime();
        HazelcastInstance member = Hazelcast.newHazelcastInstance(memberConfig(config));
        LOG.infof("cluster member up in %d ms: cluster '%s', %d member(s), port %d",
                (System.nanoTime() - started) / 1_000_000, config.name(), member.getCluster().getMembers().size(),
                config.port());
        return member;
    }

    /** Joins at start-up, not at the first request: the first request must not wait for discovery. */
    void start(@Observes StartupEvent event, HazelcastInstance member) {
        member.getName();
    }

    void stop(@Disposes HazelcastInstance member) {
        // shutdown(), not terminate(): the partitions this member owns move to the others first.
        member.shutdown();
    }

    /** The member's whole configuration; nothing is read from hazelcast.xml or the environment. */
    static Config memberConfig(ClusterConfig config) {
        Config c = new Config();
        c.setClusterName(config.name());
        c.setClassLoader(ClusterMember.class.getClassLoader());
        c.setProperty("hazelcast.phone.home.enabled", "false");
        c.setProperty("hazelcast.logging.type", "jdk");
        c.setProperty("hazelcast.shutdownhook.enabled", "false");
        c.setProperty("hazelcast.graceful.shutdown.max.wait",
                Long.toString(config.gracefulShutdownTimeout().toSeconds()));
        c.setProperty("hazelcast.partition.count", "71");
        c.setProperty("hazelcast.operation.thread.count", "2");
        c.setProperty("hazelcast.operation.generic.thread.count", "1");
        c.setProperty("hazelcast.io.thread.count", "1");
        c.setProperty("hazelcast.event.thread.count", "1");
        c.setProperty("hazelcast.client.engine.thread.count", "1");
        c.setProperty("hazelcast.client.engine.query.thread.count", "1");
        // A replica that starts alone waits this long for others before forming its own cluster.
        c.setProperty("hazelcast.wait.seconds.before.join", "0");
        c.setProperty("hazelcast.max.wait.seconds.before.join", "2");
        // A call whose partition has no owner (members dying) gives up within seconds, not Hazelcast's
        // default minutes: the request it serves has a client waiting (RequestRateLimiter, ActiveJobQuota).
        c.setProperty("hazelcast.operation.call.timeout.millis", "5000");
        c.setProperty("hazelcast.invocation.max.retry.count", "20");
        c.getJetConfig().setEnabled(false);

        NetworkConfig network = c.getNetworkConfig();
        network.setPort(config.port()).setPortAutoIncrement(false);
        network.getRestApiConfig().setEnabled(false);
        config.bindAddress().ifPresent(address -> {
            network.getInterfaces().setEnabled(true).setInterfaces(List.of(address));
            c.setProperty("hazelcast.socket.bind.any", "false");
        });
        JoinConfig join = network.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        switch (config.join()) {
            case TCP_IP -> join.getTcpIpConfig().setEnabled(true).setMembers(config.members().orElse(List.of()));
            case KUBERNETES -> join.getKubernetesConfig().setEnabled(true)
                    .setProperty("service-dns", config.kubernetesServiceDns().orElseThrow(() ->
                            new IllegalStateException("gateway.cluster.join=kubernetes needs"
                                    + " gateway.cluster.kubernetes-service-dns (the headless Service's DNS name)")))
                    .setProperty("service-port", Integer.toString(config.port()));
        }

        c.addMapConfig(new MapConfig(RATE_BUCKETS).setBackupCount(1));
        // Kept as objects: a take or release then changes the tenant's map in place instead of
        // deserialising and serialising all of it, which grew with the tenant's unfinished jobs.
        c.addMapConfig(new MapConfig(JOB_SLOTS).setBackupCount(1).setInMemoryFormat(InMemoryFormat.OBJECT));
        HazelcastProxyManager.addCustomSerializers(c.getSerializationConfig(), BUCKET4J_TYPE_ID_BASE);
        return c;
    }
}

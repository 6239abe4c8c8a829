package io.headshots.localstack;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * A single-node Apache Kafka (KRaft, combined broker and controller) for local use and tests.
 * Formats its log directory on first start, then runs the real broker in this JVM.
 *
 * <p>Arguments: {@code --data DIR --port P --controller-port C [--parent-pid PID]}.
 */
public final class KafkaNode {
    /** Broker default retention: even a topic created by accident keeps nothing past 24 h. */
    static final String RETENTION_MS = "86400000";

    private KafkaNode() {
    }

    public static void main(String[] args) throws Exception {
        NodeArgs arguments = new NodeArgs(args);
        arguments.exitWithParent();
        Path data = arguments.path("data");
        Files.createDirectories(data);
        Path config = writeConfig(data, arguments.port("port"), arguments.port("controller-port"));
        Path logs = data.resolve("logs");
        if (!Files.exists(logs.resolve("meta.properties"))) {
            // A fixed cluster id: a formatted directory stays valid across restarts of ./dev up.
            int rc = kafka.tools.StorageTool.execute(
                    new String[] {"format", "-t", "aGVhZHNob3QtcGlwZWxpbg", "-c", config.toString()},
                    new PrintStream(System.out));
            if (rc != 0) {
                throw new IllegalStateException("kafka storage format failed: " + rc);
            }
        }
        kafka.Kafka.main(new String[] {config.toString()});
    }

    static Path writeConfig(Path data, int port, int controllerPort) throws IOException {
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", "1");
        p.setProperty("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.setProperty("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        p.setProperty("controller.listener.names", "CONTROLLER");
        p.setProperty("inter.broker.listener.name", "PLAINTEXT");
        p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.setProperty("log.dirs", data.resolve("logs").toString());
        p.setProperty("num.partitions", "4");
        p.setProperty("offsets.topic.replication.factor", "1");
        p.setProperty("offsets.topic.num.partitions", "4");
        p.setProperty("transaction.state.log.replication.factor", "1");
        p.setProperty("transaction.state.log.min.isr", "1");
        p.setProperty("share.coordinator.state.topic.replication.factor", "1");
        p.setProperty("share.coordinator.state.topic.min.isr", "1");
        p.setProperty("group.initial.rebalance.delay.ms", "0");
        // Share groups (KIP-932) for the task queues. Tests use locks of a few seconds to prove
        // redelivery after a crash quickly, below the broker's 15 s default floor.
        p.setProperty("group.share.min.record.lock.duration.ms", "1000");
        p.setProperty("group.share.max.record.lock.duration.ms", "3600000");
        p.setProperty("log.retention.ms", RETENTION_MS);
        p.setProperty("offsets.retention.minutes", "1440");
        // Topics are provisioned explicitly (see TopicProvisioner) with their retention.
        p.setProperty("auto.create.topics.enable", "false");
        p.setProperty("log.segment.bytes", String.valueOf(16 * 1024 * 1024));
        Path file = data.resolve("server.properties");
        try (var out = Files.newBufferedWriter(file)) {
            p.store(out, "written by io.headshots.localstack.KafkaNode");
        }
        return file;
    }
}

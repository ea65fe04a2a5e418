package io.retentionplatform.infra;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.Time;

/** A single-node KRaft Kafka (combined broker and controller) on loopback, its log in the data directory. */
final class KafkaBroker implements AutoCloseable {

    private final InfrastructureSettings settings;
    private final Path logDir;
    private KafkaRaftServer server;

    KafkaBroker(InfrastructureSettings settings) {
        this.settings = settings;
        this.logDir = settings.dataDir().resolve("kafka");
    }

    void start(Map<String, Integer> topics) throws Exception {
        Files.createDirectories(logDir);
        Properties config = brokerConfig();
        Path configFile = logDir.resolve("server.properties");
        try (OutputStream out = Files.newOutputStream(configFile)) {
            config.store(out, "Written by the local infrastructure launcher at every start");
        }
        if (!Files.exists(logDir.resolve("meta.properties"))) {
            format(configFile);
        }
        server = new KafkaRaftServer(KafkaConfig.fromProps(config, false), Time.SYSTEM);
        server.startup();
        createTopics(topics);
    }

    private Properties brokerConfig() {
        String host = settings.host();
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", "1");
        p.setProperty("controller.quorum.bootstrap.servers", host + ":" + settings.kafkaControllerPort());
        p.setProperty("listeners", "PLAINTEXT://" + host + ":" + settings.kafkaPort()
                + ",CONTROLLER://" + host + ":" + settings.kafkaControllerPort());
        p.setProperty("advertised.listeners", "PLAINTEXT://" + host + ":" + settings.kafkaPort());
        p.setProperty("controller.listener.names", "CONTROLLER");
        p.setProperty("inter.broker.listener.name", "PLAINTEXT");
        p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.setProperty("log.dirs", logDir.toString());
        // One node: every internal topic has exactly one replica.
        p.setProperty("offsets.topic.replication.factor", "1");
        p.setProperty("transaction.state.log.replication.factor", "1");
        p.setProperty("transaction.state.log.min.isr", "1");
        p.setProperty("share.coordinator.state.topic.replication.factor", "1");
        p.setProperty("share.coordinator.state.topic.min.isr", "1");
        p.setProperty("num.partitions", "6");
        p.setProperty("auto.create.topics.enable", "true");
        // Consumers of a fresh group start at once rather than after the default 3 s.
        p.setProperty("group.initial.rebalance.delay.ms", "0");
        return p;
    }

    private void format(Path configFile) {
        String clusterId = Uuid.randomUuid().toString();
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        int exit = StorageTool.execute(new String[] {
            "format", "--cluster-id", clusterId, "--config", configFile.toString(), "--standalone"
        }, quiet);
        if (exit != 0) {
            throw new IllegalStateException("Formatting Kafka storage in " + logDir + " failed with exit code " + exit);
        }
    }

    private void createTopics(Map<String, Integer> topics) throws Exception {
        Properties adminConfig = new Properties();
        adminConfig.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, settings.kafkaBootstrap());
        try (Admin admin = Admin.create(adminConfig)) {
            for (Map.Entry<String, Integer> topic : topics.entrySet()) {
                try {
                    admin.createTopics(java.util.List.of(new NewTopic(topic.getKey(), topic.getValue(), (short) 1)))
                            .all().get(30, TimeUnit.SECONDS);
                } catch (java.util.concurrent.ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
        }
    }

    @Override
    public void close() {
        if (server != null) {
            server.shutdown();
            server.awaitShutdown();
            server = null;
        }
    }
}

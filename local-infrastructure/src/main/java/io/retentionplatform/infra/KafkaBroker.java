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
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.config.ConfigResource;
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

    void start(Map<String, TopicSpec> topics) throws Exception {
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

    /**
     * Creates missing topics with their configs, and sets the configs of topics that exist already: a retention
     * shortened in topics.properties (or by --account-data-retention-ms) applies to the data kept so far too.
     */
    private void createTopics(Map<String, TopicSpec> topics) throws Exception {
        Properties adminConfig = new Properties();
        adminConfig.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, settings.kafkaBootstrap());
        try (Admin admin = Admin.create(adminConfig)) {
            for (TopicSpec topic : topics.values()) {
                try {
                    admin.createTopics(java.util.List.of(new NewTopic(topic.name(), topic.partitions(), (short) 1)
                            .configs(topic.configs()))).all().get(30, TimeUnit.SECONDS);
                } catch (java.util.concurrent.ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                    alterConfigs(admin, topic);
                }
            }
        }
    }

    private static void alterConfigs(Admin admin, TopicSpec topic) throws Exception {
        if (topic.configs().isEmpty()) {
            return;
        }
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic.name());
        java.util.List<AlterConfigOp> ops = topic.configs().entrySet().stream()
                .map(c -> new AlterConfigOp(new ConfigEntry(c.getKey(), c.getValue()), AlterConfigOp.OpType.SET)).toList();
        admin.incrementalAlterConfigs(Map.of(resource, ops)).all().get(30, TimeUnit.SECONDS);
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

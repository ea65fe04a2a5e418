package io.retentionplatform.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher against the real servers it starts: ready, databases and topics there, clean stop, restart. */
class LocalInfrastructureTest {

    @TempDir
    Path dataDir;

    @Test
    void startsAllThreeStopsCleanlyAndRestartsOnExistingData() throws Exception {
        InfrastructureSettings settings = InfrastructureSettings.from(new String[] {
            "--data-dir=" + dataDir, "--kafka-port=" + freePort(), "--kafka-controller-port=" + freePort(),
            "--postgres-port=" + freePort(), "--mongo-port=" + freePort(), "--exit-with-parent=false",
            "--account-data-retention-ms=3600000"}, Map.of());

        long postgresPid;
        try (LocalInfrastructure infrastructure = new LocalInfrastructure(settings)) {
            infrastructure.start();

            assertThat(dataDir.resolve(LocalInfrastructure.READY_FILE)).content().contains("kafka=" + settings.kafkaBootstrap());
            assertThat(topics(settings)).containsAll(LocalInfrastructure.topics().keySet());
            assertThat(retentionMs(settings, "engagement-events")).isEqualTo("3600000");
            assertThat(databases(settings)).contains("segmentation", "nurture");
            assertThat(setting(settings, "fsync")).isEqualTo("on");
            assertThat(setting(settings, "synchronous_commit")).isEqualTo("on");
            assertThat(accepts(settings.mongoPort())).isTrue();
            postgresPid = Long.parseLong(Files.readAllLines(dataDir.resolve("postgres/postmaster.pid")).get(0).trim());
        }

        assertThat(dataDir.resolve(LocalInfrastructure.READY_FILE)).doesNotExist();
        assertThat(ProcessHandle.of(postgresPid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        assertThat(accepts(settings.kafkaPort())).isFalse();
        assertThat(accepts(settings.postgresPort())).isFalse();
        assertThat(accepts(settings.mongoPort())).isFalse();

        try (LocalInfrastructure again = new LocalInfrastructure(settings)) {
            again.start();
            assertThat(databases(settings)).contains("segmentation", "nurture");
            assertThat(topics(settings)).containsAll(LocalInfrastructure.topics().keySet());
        }
    }

    @Test
    void settingsComeFromArgumentsThenEnvironmentThenDefaults() {
        InfrastructureSettings settings = InfrastructureSettings.from(new String[] {"--kafka-port=19092"},
                Map.of("RETENTION_INFRA_KAFKA_PORT", "1", "RETENTION_INFRA_MONGO_PORT", "37017"));

        assertThat(settings.kafkaPort()).isEqualTo(19092);
        assertThat(settings.kafkaControllerPort()).isEqualTo(19093);
        assertThat(settings.mongoPort()).isEqualTo(37017);
        assertThat(settings.postgresPort()).isEqualTo(5433);
        assertThat(settings.externalPostgresUrl()).isEmpty();
    }

    @Test
    void badArgumentsAreRejectedWithTheirName() {
        assertThatThrownBy(() -> InfrastructureSettings.from(new String[] {"--mongo-port=abc"}, Map.of()))
                .hasMessageContaining("--mongo-port");
        assertThatThrownBy(() -> InfrastructureSettings.from(new String[] {"kafka-port"}, Map.of()))
                .hasMessageContaining("--name=value");
    }

    private static List<String> topics(InfrastructureSettings settings) throws Exception {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, settings.kafkaBootstrap());
        try (Admin admin = Admin.create(p)) {
            return new ArrayList<>(admin.listTopics().names().get());
        }
    }

    private static String retentionMs(InfrastructureSettings settings, String topic) throws Exception {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, settings.kafkaBootstrap());
        try (Admin admin = Admin.create(p)) {
            var resource = new org.apache.kafka.common.config.ConfigResource(
                    org.apache.kafka.common.config.ConfigResource.Type.TOPIC, topic);
            return admin.describeConfigs(List.of(resource)).all().get().get(resource).get("retention.ms").value();
        }
    }

    private static List<String> databases(InfrastructureSettings settings) throws Exception {
        List<String> names = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:" + settings.postgresPort() + "/postgres?user=postgres");
                ResultSet rs = c.createStatement().executeQuery("SELECT datname FROM pg_database")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }

    private static String setting(InfrastructureSettings settings, String name) throws Exception {
        try (Connection c = DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:" + settings.postgresPort() + "/postgres?user=postgres");
                ResultSet rs = c.createStatement().executeQuery("SHOW " + name)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), (int) Duration.ofMillis(500).toMillis());
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}

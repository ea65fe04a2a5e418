package io.retentionplatform.infra;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A real PostgreSQL: the embedded binaries from Maven Central on loopback, or an existing server when
 * {@code --postgres-url} names one. Either way the services' databases exist when {@link #start} returns.
 */
final class PostgresServer implements AutoCloseable {

    private final InfrastructureSettings settings;
    private final Path dataDir;
    private EmbeddedPostgres embedded;

    PostgresServer(InfrastructureSettings settings) {
        this.settings = settings;
        this.dataDir = settings.dataDir().resolve("postgres");
    }

    void start() throws IOException, SQLException {
        Optional<String> external = settings.externalPostgresUrl();
        if (external.isPresent()) {
            try (Connection connection = DriverManager.getConnection(external.get())) {
                createDatabases(connection, settings.databases());
            }
            return;
        }
        Files.createDirectories(dataDir);
        stopOrphanedServer();
        embedded = EmbeddedPostgres.builder()
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(false)
                .setPort(settings.postgresPort())
                .setServerConfig("listen_addresses", settings.host())
                // The embedded defaults trade durability for speed (fsync and synchronous_commit off); a consumer
                // commits its Kafka offset after our commit, so that commit must survive a crash.
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .setPGStartupWait(Duration.ofSeconds(60))
                .start();
        try (Connection connection = embedded.getPostgresDatabase().getConnection()) {
            createDatabases(connection, settings.databases());
        }
    }

    String jdbcUrl() {
        return settings.externalPostgresUrl()
                .orElse("jdbc:postgresql://" + settings.host() + ":" + settings.postgresPort() + "/postgres?user=postgres");
    }

    private static void createDatabases(Connection connection, List<String> names) throws SQLException {
        for (String name : names) {
            try (PreparedStatement exists = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
                exists.setString(1, name);
                try (ResultSet rs = exists.executeQuery()) {
                    if (rs.next()) {
                        continue;
                    }
                }
            }
            try (Statement create = connection.createStatement()) {
                // names come from InfrastructureSettings.SERVICE_DATABASES, never from input
                create.execute("CREATE DATABASE " + name);
            }
        }
    }

    /**
     * A launcher killed with SIGKILL cannot stop its postgres, which keeps running as a daemon and holds the
     * data directory. Its pid is the first line of postmaster.pid: stop it before starting anew.
     */
    private void stopOrphanedServer() throws IOException {
        postmaster().ifPresent(orphan -> {
            System.out.println("[infra] stopping orphaned postgres, pid " + orphan.pid());
            orphan.destroy();
            awaitExit(orphan);
        });
    }

    private static void awaitExit(ProcessHandle process) {
        try {
            process.onExit().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            System.err.println("[infra] postgres " + process.pid() + " did not stop in 30 s; killing it");
            process.destroyForcibly();
        }
    }

    /** Stops postgres and returns only once the postmaster has exited (pg_ctl may return before it has). */
    @Override
    public void close() throws IOException {
        if (embedded == null) {
            return;
        }
        Optional<ProcessHandle> postmaster = postmaster();
        embedded.close();
        embedded = null;
        postmaster.ifPresent(PostgresServer::awaitExit);
    }

    /** The running postmaster of our data directory: the first line of postmaster.pid names it. */
    private Optional<ProcessHandle> postmaster() throws IOException {
        Path pidFile = dataDir.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return Optional.empty();
        }
        List<String> lines = Files.readAllLines(pidFile);
        try {
            return lines.isEmpty() ? Optional.empty()
                    : ProcessHandle.of(Long.parseLong(lines.get(0).trim()))
                            .filter(ProcessHandle::isAlive)
                            .filter(p -> p.info().command().map(c -> c.endsWith("postgres")).orElse(false));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}

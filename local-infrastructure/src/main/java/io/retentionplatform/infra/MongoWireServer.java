package io.retentionplatform.infra;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;

/**
 * A MongoDB wire-protocol server (mongo-java-server with its H2 backend, so data survives a restart).
 * It has no transactions and no change streams; scoring-service is built to need neither.
 * Production points the same MongoDB client at a real MongoDB.
 */
final class MongoWireServer implements AutoCloseable {

    private final InfrastructureSettings settings;
    private MongoServer server;

    MongoWireServer(InfrastructureSettings settings) {
        this.settings = settings;
    }

    void start() throws IOException {
        Path dir = settings.dataDir().resolve("mongo");
        Files.createDirectories(dir);
        server = new MongoServer(new H2Backend(dir.resolve("mongo.mv").toString()));
        server.bind(settings.host(), settings.mongoPort());
    }

    @Override
    public void close() {
        if (server != null) {
            server.shutdownNow();
            server = null;
        }
    }
}

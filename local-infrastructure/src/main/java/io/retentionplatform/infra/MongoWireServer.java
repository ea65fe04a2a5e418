package io.retentionplatform.infra;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;

import de.bwaldvogel.mongo.MongoServer;
import org.h2.mvstore.MVStore;

/**
 * A MongoDB wire-protocol server (mongo-java-server with its H2 backend, so data survives a restart).
 * It has no transactions and no change streams; scoring-service is built to need neither.
 * Production points the same MongoDB client at a real MongoDB.
 * <p>
 * A write is answered only after it is committed to the data file and forced to disk, so an acknowledged write
 * survives a kill -9 of this process and a crash of the machine ({@link DurableH2Backend}).
 */
final class MongoWireServer implements AutoCloseable {

    /**
     * Netty threads serving connections. A write blocks its thread until its group commit is on disk, and every
     * connection of that thread waits meanwhile: more threads than cores keep concurrent writers joining one commit.
     */
    private static final int CONNECTION_THREADS = 16;
    private static final int RETAIN_DEAD_CHUNKS_MILLIS = 2_000;

    private final InfrastructureSettings settings;
    private MongoServer server;

    MongoWireServer(InfrastructureSettings settings) {
        this.settings = settings;
    }

    void start() throws IOException {
        Path dir = settings.dataDir().resolve("mongo");
        Files.createDirectories(dir);
        MVStore store = new MVStore.Builder()
                .fileName(dir.resolve("mongo.mv").toString())
                // No background commits: the group commit alone commits, always between two commands.
                .autoCommitDisabled()
                .autoCommitBufferSize(0)
                .open();
        // Space of dead chunks is reused after this time (default 45 s, for file systems that flush late). Every
        // commit here is forced before the next one is written, so a short time is safe; at 45 s a stream of small
        // commits grew the file to 300 MB for 2 MB of data, at 2 s to under 100 MB, and no further.
        store.setRetentionTime(RETAIN_DEAD_CHUNKS_MILLIS);
        server = new MongoServer(new DurableH2Backend(store, true));
        server.bind(new InetSocketAddress(settings.host(), settings.mongoPort()), 1, CONNECTION_THREADS);
    }

    @Override
    public void close() {
        if (server != null) {
            server.shutdownNow();
            server = null;
        }
    }
}

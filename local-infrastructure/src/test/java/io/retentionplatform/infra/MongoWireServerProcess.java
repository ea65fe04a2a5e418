package io.retentionplatform.infra;

import java.util.Map;

/**
 * The MongoDB wire server alone in a JVM of its own, for tests that kill it: {@code --data-dir=.. --mongo-port=..}.
 * Prints {@code READY} once it accepts connections, then serves until the process ends.
 */
public final class MongoWireServerProcess {

    private MongoWireServerProcess() {
    }

    public static void main(String[] args) throws Exception {
        MongoWireServer server = new MongoWireServer(InfrastructureSettings.from(args, Map.of()));
        server.start();
        System.out.println("READY");
        Thread.currentThread().join();
    }
}

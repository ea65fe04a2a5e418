package io.retentionplatform.infra;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * Starts Kafka, PostgreSQL and the MongoDB wire-protocol server on loopback, prints one {@code READY} line
 * (and writes {@code <data-dir>/infra.ready}) when all three accept connections, and stops them in reverse
 * order on SIGTERM or Ctrl-C, or when the process that started it has gone.
 */
public final class LocalInfrastructure implements AutoCloseable {

    public static final String READY_FILE = "infra.ready";

    private final InfrastructureSettings settings;
    private final KafkaBroker kafka;
    private final PostgresServer postgres;
    private final MongoWireServer mongo;
    private final List<AutoCloseable> started = Collections.synchronizedList(new ArrayList<>());

    public LocalInfrastructure(InfrastructureSettings settings) {
        this.settings = settings;
        this.kafka = new KafkaBroker(settings);
        this.postgres = new PostgresServer(settings);
        this.mongo = new MongoWireServer(settings);
    }

    public void start() throws Exception {
        Files.createDirectories(settings.dataDir());
        Files.deleteIfExists(readyFile());
        long t0 = System.nanoTime();
        Map<String, TopicSpec> topics = new LinkedHashMap<>();
        topics().forEach((name, spec) -> topics.put(name, spec.withAccountDataRetention(settings.accountDataRetentionMs())));
        kafka.start(topics);
        started.add(kafka);
        postgres.start();
        started.add(postgres);
        mongo.start();
        started.add(mongo);
        long millis = (System.nanoTime() - t0) / 1_000_000;
        Files.writeString(readyFile(), describe() + "\n", StandardCharsets.UTF_8);
        System.out.println("READY in " + millis + " ms " + describe());
    }

    public String describe() {
        return "kafka=" + settings.kafkaBootstrap()
                + " postgres=" + postgres.jdbcUrl()
                + " mongo=" + settings.mongoConnectionString()
                + " data=" + settings.dataDir();
    }

    private Path readyFile() {
        return settings.dataDir().resolve(READY_FILE);
    }

    /** The topics the services use, with their partition counts and configs (topics.properties). */
    static Map<String, TopicSpec> topics() throws IOException {
        try (InputStream in = LocalInfrastructure.class.getResourceAsStream("/topics.properties")) {
            return TopicSpec.read(in);
        }
    }

    /** Stops what was started, last first; keeps going when one part fails so nothing is left running. */
    @Override
    public void close() {
        List<AutoCloseable> toStop = new ArrayList<>(started);
        Collections.reverse(toStop);
        started.clear();
        for (AutoCloseable part : toStop) {
            try {
                part.close();
            } catch (Exception e) {
                System.err.println("[infra] stopping " + part.getClass().getSimpleName() + " failed: " + e);
            }
        }
        try {
            Files.deleteIfExists(readyFile());
        } catch (IOException ignored) {
            // the next start deletes it too
        }
    }

    public static void main(String[] args) throws Exception {
        InfrastructureSettings settings = InfrastructureSettings.from(args, System.getenv());
        LocalInfrastructure infrastructure = new LocalInfrastructure(settings);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("[infra] stopping");
            infrastructure.close();
            System.out.println("[infra] stopped");
            stopped.countDown();
        }, "infra-shutdown"));
        try {
            infrastructure.start();
        } catch (Exception e) {
            System.err.println("[infra] start failed: " + e);
            e.printStackTrace();
            System.exit(1);
        }
        if (settings.exitWithParent()) {
            // A parent killed with SIGKILL cannot stop us: notice it and stop by ourselves.
            ProcessHandle.current().parent().ifPresent(parent -> parent.onExit().thenRun(() -> {
                System.out.println("[infra] parent process " + parent.pid() + " has gone");
                System.exit(0);
            }));
        }
        stopped.await();
    }
}

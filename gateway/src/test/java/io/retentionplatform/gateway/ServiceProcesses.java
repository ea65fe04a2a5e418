package io.retentionplatform.gateway;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.retentionplatform.support.testing.JwtTestKeys;

/**
 * Starts the built scoring-service, segmentation-service and nurture-service jars as real processes against the
 * test run's Kafka, PostgreSQL and MongoDB wire server, waits until each reports ready, and points the gateway at
 * them.
 * The reactor builds those modules before this one (see the root pom's module order).
 */
public class ServiceProcesses implements QuarkusTestResourceLifecycleManager {

    public static final String SCORING_URL = "e2e.scoring-service.url";
    public static final String SEGMENTATION_URL = "e2e.segmentation-service.url";
    public static final String NURTURE_URL = "e2e.nurture-service.url";

    private final List<Process> processes = new ArrayList<>();
    /** The running services by module name, for tests that take one down (one suite of services at a time). */
    private static final Map<String, Process> BY_MODULE = new java.util.concurrent.ConcurrentHashMap<>();

    /** Kills one service (SIGKILL) and waits until it is gone: for tests of what the gateway does without it. */
    public static void kill(String module) throws InterruptedException {
        Process process = BY_MODULE.get(module);
        if (process == null) {
            throw new IllegalStateException(module + " is not running here");
        }
        process.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
    }

    @Override
    public Map<String, String> start() {
        // The jars run as in ./suite run (production profile with the local overrides: 127.0.0.1, API docs on)
        // and trust the tokens of this test run (TestTokens).
        Map<String, String> infra = Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", env("TEST_KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:29092"),
                "MONGODB_URI", env("TEST_MONGODB_URI", "mongodb://127.0.0.1:27027"),
                "MONGODB_DATABASE", "scoring_e2e",
                "DB_HOST_PORT", env("TEST_POSTGRES_HOST_PORT", "127.0.0.1:25432"),
                "QUARKUS_PROFILE", "prod,local",
                "MP_JWT_VERIFY_PUBLICKEY", JwtTestKeys.publicKey());
        Map<String, String> config = new LinkedHashMap<>();
        start(config, "scoring-service", "SCORING_HTTP_PORT", SCORING_URL, infra);
        start(config, "segmentation-service", "SEGMENTATION_HTTP_PORT", SEGMENTATION_URL, infra);
        start(config, "nurture-service", "NURTURE_HTTP_PORT", NURTURE_URL, infra);
        config.put("quarkus.rest-client.segmentation-service.url", config.get(SEGMENTATION_URL));
        config.put("quarkus.rest-client.scoring-service.url", config.get(SCORING_URL));
        config.put("quarkus.rest-client.nurture-service.url", config.get(NURTURE_URL));
        return config;
    }

    /** Starts a service on free ports and waits for its readiness (on its management port). */
    private void start(Map<String, String> config, String module, String portVariable, String urlKey,
            Map<String, String> infra) {
        int port = freePort();
        int managementPort = freePort();
        start(module, Map.of(portVariable, Integer.toString(port), "MANAGEMENT_PORT", Integer.toString(managementPort)), infra);
        awaitReady(module, "http://127.0.0.1:" + managementPort, Duration.ofSeconds(240));
        config.put(urlKey, "http://127.0.0.1:" + port);
    }

    private void start(String module, Map<String, String> ports, Map<String, String> infra) {
        Path jar = Path.of("..", module, "target", "quarkus-app", "quarkus-run.jar").toAbsolutePath().normalize();
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: build the whole reactor (./suite test), not the gateway alone");
        }
        Path log = Path.of("target", "e2e-logs", module + ".log");
        List<String> command = new ArrayList<>(List.of(javaExecutable(), "-Xms64m", "-Xmx384m"));
        // The marker lets ./suite test find and stop these processes even if this JVM dies first.
        String marker = System.getenv("RETENTION_SUITE_RUN_MARKER");
        if (marker != null && !marker.isBlank()) {
            command.add(marker);
        }
        command.addAll(List.of("-jar", jar.toString()));
        try {
            Files.createDirectories(log.getParent());
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            Map<String, String> environment = new LinkedHashMap<>(infra);
            environment.putAll(ports);
            builder.environment().putAll(environment);
            Process process = builder.start();
            processes.add(process);
            BY_MODULE.put(module, process);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start " + module, e);
        }
    }

    private void awaitReady(String module, String baseUrl, Duration timeout) {
        await(module + " ready (see target/e2e-logs/)").atMost(timeout).pollInterval(Duration.ofMillis(250))
                .failFast(module + " exited before it was ready; see target/e2e-logs/",
                        () -> processes.stream().anyMatch(p -> !p.isAlive()))
                .until(() -> ready(baseUrl));
    }

    private static boolean ready(String baseUrl) {
        try {
            HttpURLConnection connection = (HttpURLConnection) URI.create(baseUrl + "/q/health/ready").toURL().openConnection();
            connection.setConnectTimeout(500);
            connection.setReadTimeout(2000);
            return connection.getResponseCode() == 200;
        } catch (IOException notYet) {
            return false; // not listening yet
        }
    }

    @Override
    public void stop() {
        processes.forEach(Process::destroy);
        for (Process process : processes) {
            try {
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        processes.clear();
        BY_MODULE.clear();
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    private static String javaExecutable() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

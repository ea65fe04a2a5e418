package io.retentionplatform.infra;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where the local infrastructure listens and keeps its data. Every setting comes from a
 * {@code --name=value} argument, else from the environment variable {@code RETENTION_INFRA_NAME},
 * else from its default: the ports of the local suite. The test run uses other ports (see the root pom).
 */
public record InfrastructureSettings(
        Path dataDir,
        String host,
        int kafkaPort,
        int kafkaControllerPort,
        int postgresPort,
        Optional<String> externalPostgresUrl,
        int mongoPort,
        List<String> databases,
        boolean exitWithParent,
        Optional<Long> accountDataRetentionMs) {

    static final String ENV_PREFIX = "RETENTION_INFRA_";

    /** One database per service that owns relational data; a service never reads another's. */
    static final List<String> SERVICE_DATABASES = List.of("segmentation", "nurture");

    public static InfrastructureSettings from(String[] args, Map<String, String> env) {
        Map<String, String> given = new java.util.HashMap<>();
        for (String arg : args) {
            if (!arg.startsWith("--") || !arg.contains("=")) {
                throw new IllegalArgumentException("Arguments take the form --name=value, got: " + arg);
            }
            int eq = arg.indexOf('=');
            given.put(arg.substring(2, eq), arg.substring(eq + 1));
        }
        Lookup lookup = new Lookup(given, env);
        int kafkaPort = lookup.integer("kafka-port", 9092);
        return new InfrastructureSettings(
                Path.of(lookup.text("data-dir", ".data/local")).toAbsolutePath().normalize(),
                lookup.text("host", "127.0.0.1"),
                kafkaPort,
                lookup.integer("kafka-controller-port", kafkaPort + 1),
                lookup.integer("postgres-port", 5433),
                Optional.ofNullable(lookup.text("postgres-url", null)).filter(url -> !url.isBlank()),
                lookup.integer("mongo-port", 27017),
                SERVICE_DATABASES,
                Boolean.parseBoolean(lookup.text("exit-with-parent", "true")),
                // Replaces topics.properties' retention.ms of every topic that carries account data.
                Optional.ofNullable(lookup.text("account-data-retention-ms", null)).filter(v -> !v.isBlank())
                        .map(v -> lookup.positiveLong("account-data-retention-ms", v)));
    }

    public String kafkaBootstrap() {
        return host + ":" + kafkaPort;
    }

    public String mongoConnectionString() {
        return "mongodb://" + host + ":" + mongoPort;
    }

    private record Lookup(Map<String, String> given, Map<String, String> env) {
        String text(String name, String fallback) {
            if (given.containsKey(name)) {
                return given.get(name);
            }
            return env.getOrDefault(ENV_PREFIX + name.toUpperCase().replace('-', '_'), fallback);
        }

        long positiveLong(String name, String value) {
            try {
                long parsed = Long.parseLong(value.trim());
                if (parsed > 0) {
                    return parsed;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new IllegalArgumentException("--" + name + " must be a number of milliseconds above 0, got: " + value);
        }

        int integer(String name, int fallback) {
            String value = text(name, Integer.toString(fallback));
            try {
                return Integer.parseInt(value.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--" + name + " must be a port number, got: " + value, e);
            }
        }
    }
}

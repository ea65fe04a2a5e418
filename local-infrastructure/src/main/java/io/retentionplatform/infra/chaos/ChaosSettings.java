package io.retentionplatform.infra.chaos;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What the chaos campaign runs and against what. Every setting comes from a {@code --name=value} argument, else from
 * the environment variable {@code RETENTION_CHAOS_NAME} (upper case, '-' as '_'), else from its default.
 * <p>
 * With {@code --infrastructure=own} (the default, as {@code ./suite chaos} runs it) the campaign starts the launcher
 * ({@code --infra-jar}) on {@code --data-dir} and the given ports itself, and may kill it; with {@code external} it
 * uses the servers at {@code --kafka} and {@code --mongo} (the test run's) and leaves them alone, so the
 * {@code infrastructure-kill} scenario is refused there.
 *
 * @param scenarios      the scenarios to run, in this order
 * @param eventsPerScenario events sent during each scenario's ingest
 * @param ratePerSecond  the ingest's pace in events per second; 0 sends as fast as the service answers
 * @param faultAt        the share of a scenario's events accepted before its fault strikes
 * @param mongoProxyPort the port of the TCP proxy between scoring-service and the wire server; 0 picks a free one
 * @param database       scoring-service's MongoDB database
 * @param eventsTopic    the topic scoring-service publishes accepted events to and consumes them from
 * @param deadLetterTopic its dead-letter topic
 * @param group          the consumer group of scoring-service (every incoming channel of it)
 */
public record ChaosSettings(List<Scenario> scenarios, int eventsPerScenario, int accounts, int batchSize, int senders,
        double ratePerSecond, double faultAt, boolean ownInfrastructure, Path infraJar, Path dataDir, int kafkaPort,
        int postgresPort, int mongoPort, String infraHeap, String kafka, String mongo, int mongoProxyPort, String database,
        Path scoringJar, int scoringPort, int secondScoringPort, int managementOffset, String scoringHeap,
        Path jwtPublicKey, String eventsTopic, String deadLetterTopic, String group, Path logs, Duration drainTimeout,
        Duration drainStall, Duration settle, Duration mongoOutage, Duration downtime, int poisonRecords, Duration requestTimeout,
        Duration sendGiveUp) {

    static final String ENV_PREFIX = "RETENTION_CHAOS_";
    static final Set<String> KNOWN = Set.of("scenarios", "events", "accounts", "batch", "senders", "rate", "fault-at",
            "infrastructure", "infra-jar", "data-dir", "kafka-port", "postgres-port", "mongo-port", "infra-heap", "kafka",
            "mongo", "mongo-proxy-port", "database", "scoring-jar", "scoring-port", "second-scoring-port",
            "management-offset", "scoring-heap", "jwt-public-key", "events-topic", "dead-letter-topic", "group", "logs",
            "drain-timeout-seconds", "drain-stall-seconds", "settle-seconds", "mongo-outage-seconds", "downtime-seconds", "poison-records",
            "request-timeout-seconds", "give-up-seconds");

    public static final String USAGE = """
            usage: ChaosCampaign [--name=value ...]   (or RETENTION_CHAOS_NAME=value)
              --scenarios=all|scoring-kill,infrastructure-kill,mongo-outage,poison,rebalance-kill
              --events=200000 --accounts=2000 --batch=500 --senders=4 --rate=2000 (events/s, 0: unpaced) --fault-at=0.3
              --infrastructure=own|external   own: --infra-jar=FILE --data-dir=DIR --kafka-port --postgres-port --mongo-port
                                              external: --kafka=HOST:PORT --mongo=mongodb://HOST:PORT
              --scoring-jar=FILE --scoring-port=48081 --second-scoring-port=48091 (management: port + --management-offset=1000)
              --jwt-public-key=FILE (scoring-service trusts it); RETENTION_TOKEN: an admin token signed by its private half
              --database=scoring --events-topic=engagement-events --dead-letter-topic=engagement-events-dlq --group=scoring-service
              --mongo-proxy-port=0 --logs=DIR --drain-timeout-seconds=3600 --drain-stall-seconds=180 --settle-seconds=5
              --mongo-outage-seconds=10
              --downtime-seconds=2 --poison-records=6 --request-timeout-seconds=30 --give-up-seconds=300""";

    public static ChaosSettings from(String[] args, Map<String, String> env) {
        Map<String, String> given = new HashMap<>();
        for (String arg : args) {
            if (!arg.startsWith("--") || !arg.contains("=")) {
                throw new IllegalArgumentException("arguments take the form --name=value, got: " + arg);
            }
            String name = arg.substring(2, arg.indexOf('='));
            if (!KNOWN.contains(name)) {
                throw new IllegalArgumentException("unknown option --" + name);
            }
            given.put(name, arg.substring(arg.indexOf('=') + 1));
        }
        Lookup in = new Lookup(given, env);
        List<Scenario> scenarios = scenarios(in.text("scenarios", "all"));
        String infrastructure = in.text("infrastructure", "own");
        if (!infrastructure.equals("own") && !infrastructure.equals("external")) {
            throw new IllegalArgumentException("--infrastructure: own or external, got " + infrastructure);
        }
        boolean own = infrastructure.equals("own");
        if (!own && scenarios.contains(Scenario.INFRASTRUCTURE_KILL)) {
            throw new IllegalArgumentException("--scenarios: infrastructure-kill needs --infrastructure=own (the campaign "
                    + "kills only an infrastructure it started)");
        }
        int kafkaPort = (int) in.number("kafka-port", 49092, 1, 65535);
        int mongoPort = (int) in.number("mongo-port", 47017, 1, 65535);
        double faultAt = in.decimal("fault-at", 0.3);
        if (faultAt <= 0 || faultAt >= 1) {
            throw new IllegalArgumentException("--fault-at: a share between 0 and 1 (exclusive), got " + faultAt);
        }
        Path dataDir = own ? in.path("data-dir", null) : null;
        return new ChaosSettings(scenarios,
                (int) in.number("events", 200_000, 1, Integer.MAX_VALUE),
                (int) in.number("accounts", 2_000, 1, 10_000),
                (int) in.number("batch", 500, 1, 1_000),
                (int) in.number("senders", 4, 1, 64),
                in.decimal("rate", 2_000),
                faultAt,
                own,
                own ? in.path("infra-jar", null) : null,
                dataDir,
                kafkaPort,
                (int) in.number("postgres-port", 45432, 1, 65535),
                mongoPort,
                in.text("infra-heap", "1g"),
                own ? "127.0.0.1:" + kafkaPort : in.required("kafka"),
                own ? "mongodb://127.0.0.1:" + mongoPort : in.required("mongo"),
                (int) in.number("mongo-proxy-port", 0, 0, 65535),
                in.text("database", "scoring"),
                in.path("scoring-jar", null),
                (int) in.number("scoring-port", 48081, 1, 64535),
                (int) in.number("second-scoring-port", 48091, 1, 64535),
                (int) in.number("management-offset", 1000, 1, 10_000),
                in.text("scoring-heap", "384m"),
                in.path("jwt-public-key", null),
                in.text("events-topic", "engagement-events"),
                in.text("dead-letter-topic", "engagement-events-dlq"),
                in.text("group", "scoring-service"),
                Path.of(in.text("logs", dataDir == null ? "chaos-logs" : dataDir.resolve("logs").toString())),
                Duration.ofSeconds(in.number("drain-timeout-seconds", 3_600, 1, 86_400)),
                Duration.ofSeconds(in.number("drain-stall-seconds", 180, 1, 86_400)),
                Duration.ofSeconds(in.number("settle-seconds", 5, 0, 3_600)),
                Duration.ofSeconds(in.number("mongo-outage-seconds", 10, 1, 3_600)),
                Duration.ofSeconds(in.number("downtime-seconds", 2, 0, 3_600)),
                (int) in.number("poison-records", 6, 1, 1_000),
                Duration.ofSeconds(in.number("request-timeout-seconds", 30, 1, 3_600)),
                Duration.ofSeconds(in.number("give-up-seconds", 300, 1, 86_400)));
    }

    /** The event count at which a scenario's fault strikes. */
    long faultAfterAccepted() {
        return Math.max(1, Math.round(eventsPerScenario * faultAt));
    }

    private static List<Scenario> scenarios(String text) {
        if (text.trim().equals("all")) {
            return List.of(Scenario.values());
        }
        List<Scenario> chosen = new ArrayList<>();
        for (String name : text.split(",")) {
            if (!name.isBlank()) {
                Scenario scenario = Scenario.named(name.trim());
                if (chosen.contains(scenario)) {
                    throw new IllegalArgumentException("--scenarios: " + name.trim() + " named twice");
                }
                chosen.add(scenario);
            }
        }
        if (chosen.isEmpty()) {
            throw new IllegalArgumentException("--scenarios: name at least one");
        }
        return List.copyOf(chosen);
    }

    private record Lookup(Map<String, String> given, Map<String, String> env) {
        String text(String name, String fallback) {
            if (given.containsKey(name)) {
                return given.get(name);
            }
            return env.getOrDefault(ENV_PREFIX + name.toUpperCase(Locale.ROOT).replace('-', '_'), fallback);
        }

        String required(String name) {
            String value = text(name, null);
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException("--" + name + " is required");
            }
            return value;
        }

        Path path(String name, String fallback) {
            String value = text(name, fallback);
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException("--" + name + " is required");
            }
            return Path.of(value).toAbsolutePath().normalize();
        }

        long number(String name, long fallback, long minimum, long maximum) {
            String value = text(name, Long.toString(fallback));
            try {
                long number = Long.parseLong(value.trim());
                if (number < minimum || number > maximum) {
                    throw new IllegalArgumentException("--" + name + ": between " + minimum + " and " + maximum + ", got " + number);
                }
                return number;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--" + name + ": a whole number, got " + value);
            }
        }

        double decimal(String name, double fallback) {
            String value = text(name, Double.toString(fallback));
            try {
                double number = Double.parseDouble(value.trim());
                if (number < 0 || Double.isNaN(number) || Double.isInfinite(number)) {
                    throw new IllegalArgumentException("--" + name + ": a number >= 0, got " + value);
                }
                return number;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--" + name + ": a number, got " + value);
            }
        }
    }
}

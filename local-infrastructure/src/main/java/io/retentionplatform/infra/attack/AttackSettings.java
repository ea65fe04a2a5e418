package io.retentionplatform.infra.attack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What the campaign attacks and how hard. Every setting comes from a {@code --name=value} argument, else from the
 * environment variable {@code RETENTION_ATTACK_NAME} (upper case, '-' as '_'), else from its default: the local suite's
 * ports and directories. A service set to {@code none} is left out; so is a store.
 *
 * @param services        gateway, scoring, segmentation, nurture: name to base URL, in that order
 * @param ingestKey       the ingest API key; null: the campaign issues one through scoring's /api-keys (and revokes it)
 * @param revokedKey      a revoked API key to try; null: issue and revoke one, if the API allows
 * @param mongo           MongoDB URI with the database, or null for none
 * @param postgres        JDBC URL of the server, or null for none
 * @param ingestRate      requests per second per API key in the paced categories (0: unpaced)
 * @param strict          also fail on refusals with another status than the expected one
 */
public record AttackSettings(Map<String, String> services, Path keys, String ingestKey, String revokedKey, String mongo,
        String postgres, String postgresUser, String postgresPassword, List<String> postgresDatabases, long malformed,
        long seed, int concurrency, double ingestRate, Duration settleTimeout, Duration settleInterval, Duration requestTimeout,
        long rateLimitMax, Duration rateLimitTime, List<String> ignoreStores, Set<String> categories, boolean strict) {

    static final String ENV_PREFIX = "RETENTION_ATTACK_";
    static final List<String> SERVICE_NAMES = List.of("gateway", "scoring", "segmentation", "nurture");
    public static final List<String> CATEGORIES = List.of("no-credentials", "expired-token", "ingest-key-elsewhere",
            "role-escalation", "malformed", "rate-limit");
    static final Set<String> KNOWN = Set.of("gateway", "scoring", "segmentation", "nurture", "keys", "ingest-key", "revoked-key",
            "mongo", "postgres", "postgres-user", "postgres-password", "postgres-databases", "malformed", "seed", "concurrency",
            "ingest-rate", "settle-seconds", "settle-interval-seconds", "timeout-seconds", "rate-limit-max",
            "rate-limit-seconds", "ignore-stores", "categories", "strict");

    public static AttackSettings from(String[] args, Map<String, String> env) {
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
        Map<String, String> services = new LinkedHashMap<>();
        Map<String, String> defaults = Map.of("gateway", "http://127.0.0.1:8080", "scoring", "http://127.0.0.1:8081",
                "segmentation", "http://127.0.0.1:8082", "nurture", "http://127.0.0.1:8083");
        for (String name : SERVICE_NAMES) {
            String url = in.text(name, defaults.get(name));
            if (!isNone(url)) {
                services.put(name, url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
            }
        }
        Set<String> categories = new LinkedHashSet<>();
        String wanted = in.text("categories", "all");
        for (String c : wanted.split(",")) {
            String category = c.trim();
            if (category.equals("all")) {
                categories.addAll(CATEGORIES);
            } else if (CATEGORIES.contains(category)) {
                categories.add(category);
            } else if (!category.isEmpty()) {
                throw new IllegalArgumentException("--categories: unknown category " + category + "; known: " + CATEGORIES);
            }
        }
        String mongo = in.text("mongo", "mongodb://127.0.0.1:27017/scoring");
        String postgres = in.text("postgres", "jdbc:postgresql://127.0.0.1:5433");
        return new AttackSettings(services,
                Path.of(in.text("keys", ".data/local/security")),
                keyOrFile(in.text("ingest-key", null), "ingest-key"),
                keyOrFile(in.text("revoked-key", null), "revoked-key"),
                isNone(mongo) ? null : mongo,
                isNone(postgres) ? null : postgres,
                in.text("postgres-user", "postgres"),
                in.text("postgres-password", ""),
                list(in.text("postgres-databases", "segmentation,nurture")),
                in.number("malformed", 10_000, 0),
                in.number("seed", 1, Long.MIN_VALUE),
                (int) in.number("concurrency", 8, 1),
                in.decimal("ingest-rate", 100),
                Duration.ofSeconds(in.number("settle-seconds", 90, 0)),
                Duration.ofSeconds(in.number("settle-interval-seconds", 3, 1)),
                Duration.ofSeconds(in.number("timeout-seconds", 30, 1)),
                in.number("rate-limit-max", 3_000, 1),
                Duration.ofSeconds(in.number("rate-limit-seconds", 60, 1)),
                list(in.text("ignore-stores", "")),
                Set.copyOf(categories),
                Boolean.parseBoolean(in.text("strict", "false")));
    }

    public boolean runs(String category) {
        return categories.contains(category);
    }

    private static boolean isNone(String value) {
        return value == null || value.isBlank() || value.equalsIgnoreCase("none");
    }

    private static List<String> list(String text) {
        return Arrays.stream(text.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    /** A key as given, or read from a file when given as {@code @path}. */
    private static String keyOrFile(String value, String name) {
        if (value == null || value.isBlank()) {
            return null;
        }
        if (!value.startsWith("@")) {
            return value.trim();
        }
        try {
            return Files.readString(Path.of(value.substring(1))).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("--" + name + ": cannot read " + value.substring(1), e);
        }
    }

    private record Lookup(Map<String, String> given, Map<String, String> env) {
        String text(String name, String fallback) {
            if (given.containsKey(name)) {
                return given.get(name);
            }
            return env.getOrDefault(ENV_PREFIX + name.toUpperCase(Locale.ROOT).replace('-', '_'), fallback);
        }

        long number(String name, long fallback, long minimum) {
            String value = text(name, Long.toString(fallback));
            try {
                long n = Long.parseLong(value.trim());
                if (n < minimum) {
                    throw new IllegalArgumentException("--" + name + " must be at least " + minimum + ", got: " + value);
                }
                return n;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--" + name + " must be a whole number, got: " + value, e);
            }
        }

        double decimal(String name, double fallback) {
            String value = text(name, Double.toString(fallback));
            try {
                return Double.parseDouble(value.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--" + name + " must be a number, got: " + value, e);
            }
        }
    }
}

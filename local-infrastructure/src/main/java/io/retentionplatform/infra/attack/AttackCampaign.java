package io.retentionplatform.infra.attack;

import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import io.retentionplatform.infra.security.LocalTokens;

/**
 * The hostile-input campaign against the running services: every operation they declare (OpenAPI, GraphQL
 * introspection) is called without credentials, with forged or expired ones, with the ingest key where it does not
 * belong, with too weak a role, and with thousands of malformed requests; one identity then floods an ingest and an
 * expensive operation until it is rate limited. The stores are fingerprinted before and after: nothing may change.
 *
 * <pre>
 * java -cp local-infrastructure.jar io.retentionplatform.infra.attack.AttackCampaign [--gateway=http://127.0.0.1:8080]
 *   [--scoring=...] [--segmentation=...] [--nurture=...] [--keys=.data/local/security] [--ingest-key=rpk_...|@file]
 *   [--mongo=mongodb://127.0.0.1:27017/scoring] [--postgres=jdbc:postgresql://127.0.0.1:5433] [--postgres-user=postgres]
 *   [--malformed=10000] [--seed=1] [--concurrency=8] [--ingest-rate=100] [--categories=all] [--strict=false] ...
 * </pre>
 * The last line is {@code attack_requests=N unauthorized_2xx=N server_errors=N state_changes=N}; the exit code is 0
 * when the last three are 0, 1 otherwise, 2 when the campaign could not run (a service or store not reachable).
 */
public final class AttackCampaign {

    /** The campaign cannot run at all; the message says why. */
    static final class Abort extends RuntimeException {
        Abort(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private static final int MAX_GROUPS = 40;

    private final AttackSettings settings;
    private final PrintStream out;
    private final String runId;
    private final Map<String, Tally> tallies = new LinkedHashMap<>();
    private final Map<String, String> rateLimitOutcomes = new LinkedHashMap<>();

    public AttackCampaign(AttackSettings settings, PrintStream out) {
        this.settings = settings;
        this.out = out;
        this.runId = Long.toString(Math.abs(new SecureRandom().nextLong()) % 2_176_782_336L, 36);
    }

    public static void main(String[] args) {
        AttackSettings settings;
        try {
            settings = AttackSettings.from(args, System.getenv());
        } catch (IllegalArgumentException | UncheckedIOException e) {
            System.err.println("[attack] " + e.getMessage());
            System.err.println("usage: AttackCampaign [--gateway=URL] [--scoring=URL] [--segmentation=URL] [--nurture=URL] "
                    + "[--keys=DIR] [--ingest-key=rpk_...|@FILE] [--mongo=URI] [--postgres=JDBC-URL] [--postgres-user=NAME] "
                    + "[--malformed=N] [--seed=N] [--concurrency=N] [--ingest-rate=PER-S] [--categories=a,b] [--strict=true] "
                    + "(each also from RETENTION_ATTACK_<NAME>)");
            System.exit(2);
            return;
        }
        int code;
        try {
            code = new AttackCampaign(settings, System.out).run();
        } catch (Abort e) {
            System.err.println("[attack] cannot run the campaign: " + e.getMessage());
            code = 2;
        }
        System.exit(code);
    }

    /** Runs every selected category; returns the exit code. */
    public int run() {
        long started = System.nanoTime();
        KeyPair keys;
        try {
            keys = LocalTokens.load(settings.keys());
        } catch (RuntimeException e) {
            throw new Abort(e.getMessage(), e);
        }
        Discovery discovery = new Discovery(settings.requestTimeout());
        String adminToken = Discovery.adminToken(keys.getPrivate(), "attack-" + runId + "-discovery");
        List<Target> targets = discover(discovery, adminToken);

        String ingestKey = settings.ingestKey();
        String issuedKeyId = null;
        String scoring = settings.services().get("scoring");
        boolean keyApi = targets.stream().anyMatch(t -> t instanceof RestOperation op && op.service().equals("scoring")
                && op.method().equals("POST") && op.template().equals("/api-keys"));
        if (ingestKey == null) {
            Optional<Map.Entry<String, String>> issued = keyApi
                    ? discovery.issueKey(scoring, adminToken, "attack-campaign-" + runId) : Optional.empty();
            if (issued.isEmpty()) {
                throw new Abort("no --ingest-key given, and scoring-service's POST /api-keys did not issue one", null);
            }
            issuedKeyId = issued.get().getKey();
            ingestKey = issued.get().getValue();
            say("issued ingest key %s for this run (revoked at the end)", issuedKeyId);
        }
        String revokedKey = settings.revokedKey();
        if (revokedKey == null && keyApi) {
            Optional<Map.Entry<String, String>> issued = discovery.issueKey(scoring, adminToken, "attack-revoked-" + runId);
            if (issued.isPresent() && discovery.revokeKey(scoring, adminToken, issued.get().getKey())) {
                revokedKey = issued.get().getValue();
                say("issued and revoked API key %s to try it", issued.get().getKey());
            } else {
                say("could not issue and revoke an API key to try (no revoked-key probe)");
            }
        }

        try {
            return attack(keys, discovery, targets, ingestKey, revokedKey, started);
        } finally {
            if (issuedKeyId != null && !discovery.revokeKey(scoring, adminToken, issuedKeyId)) {
                say("could not revoke the ingest key %s issued for this run", issuedKeyId);
            }
        }
    }

    /** Baseline, categories, fingerprint after, report: the part that runs once the credentials are settled. */
    private int attack(KeyPair keys, Discovery discovery, List<Target> targets, String ingestKey, String revokedKey, long started) {
        List<Store> stores = openStores();
        try {
            Predicate<String> ignored = StoreFingerprints.ignoring(settings.ignoreStores());
            StoreFingerprints.Snapshot before = settle(stores, ignored, "baseline");
            Credentials credentials = new Credentials(keys.getPrivate(), ingestKey, runId, settings.ingestRate());
            try (Sender sender = new Sender(credentials, settings.concurrency(), settings.requestTimeout())) {
                Random random = new Random(settings.seed());
                if (settings.runs("no-credentials")) {
                    category("no-credentials", "401", AuthProbes.noCredentials(targets, random), sender);
                }
                if (settings.runs("expired-token")) {
                    List<Forgeries.Forgery> forgeries = Forgeries.all(keys.getPrivate(), keys.getPublic(), ingestKey, revokedKey,
                            new Random(settings.seed() + 1));
                    category("expired-token", "401", AuthProbes.forged(targets, forgeries, random), sender);
                }
                if (settings.runs("ingest-key-elsewhere")) {
                    category("ingest-key-elsewhere", "401 or 403", AuthProbes.ingestKeyElsewhere(targets, random), sender);
                }
                if (settings.runs("role-escalation")) {
                    category("role-escalation", "403", AuthProbes.roleEscalation(targets, random), sender);
                }
                if (settings.runs("malformed")) {
                    malformed(targets, sender);
                }
                if (settings.runs("rate-limit")) {
                    rateLimit(targets, sender);
                }
            }
            StoreFingerprints.Snapshot after = settle(stores, ignored, "after the campaign");
            List<String> changes = StoreFingerprints.changes(before.tables(), after.tables(), ignored);
            if (changes.isEmpty()) {
                say("state: unchanged (%d tables and collections compared%s)", after.tables().size(),
                        settings.ignoreStores().isEmpty() ? "" : ", ignoring " + settings.ignoreStores());
            } else {
                say("state: %d changed: %s", changes.size(), String.join("; ", changes));
            }
            int dead = 0;
            for (Map.Entry<String, String> service : settings.services().entrySet()) {
                if (!discovery.alive(service.getValue())) {
                    say("%s no longer answers at %s (counted as a server error)", service.getKey(), service.getValue());
                    dead++;
                }
            }
            return report(changes.size(), dead, Duration.ofNanos(System.nanoTime() - started));
        } finally {
            stores.forEach(Store::close);
        }
    }

    private List<Target> discover(Discovery discovery, String adminToken) {
        List<Target> targets = new ArrayList<>();
        Random random = new Random(settings.seed());
        for (Map.Entry<String, String> service : settings.services().entrySet()) {
            List<Target> found = new ArrayList<>();
            try {
                found.addAll(discovery.openApi(service.getKey(), service.getValue(), random));
                if (service.getKey().equals("gateway")) {
                    found.addAll(discovery.graphql(service.getValue(), adminToken));
                }
            } catch (IllegalStateException | IllegalArgumentException e) {
                throw new Abort(e.getMessage(), e);
            }
            Map<String, Long> byAccess = found.stream().collect(Collectors.groupingBy(t -> t.access().label(), LinkedHashMap::new,
                    Collectors.counting()));
            say("%s (%s): %d operations; by minimum role: %s", service.getKey(), service.getValue(), found.size(),
                    byAccess.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", ")));
            List<String> open = found.stream().filter(t -> t.access().open()).map(Target::label).toList();
            if (!open.isEmpty()) {
                say("  public (no security entry%s): %s", service.getKey().equals("gateway") ? " or role sentence" : "",
                        String.join(", ", open));
            }
            targets.addAll(found);
        }
        if (targets.isEmpty()) {
            throw new Abort("no operation found on any service", null);
        }
        return targets;
    }

    private List<Store> openStores() {
        List<Store> stores = new ArrayList<>();
        try {
            if (settings.mongo() != null) {
                stores.add(new MongoStore(settings.mongo()));
            }
            if (settings.postgres() != null && !settings.postgresDatabases().isEmpty()) {
                stores.add(new PostgresStore(settings.postgres(), settings.postgresUser(), settings.postgresPassword(),
                        settings.postgresDatabases()));
            }
        } catch (RuntimeException e) {
            stores.forEach(Store::close);
            throw new Abort("cannot open the stores: " + e.getMessage(), e);
        }
        if (stores.isEmpty()) {
            say("no store to fingerprint (--mongo=none --postgres=none): state changes are not checked");
        }
        return stores;
    }

    private StoreFingerprints.Snapshot settle(List<Store> stores, Predicate<String> ignored, String what) {
        try {
            StoreFingerprints.Snapshot snapshot = StoreFingerprints.settle(stores, settings.settleInterval(),
                    settings.settleTimeout(), ignored);
            say("%s: %d tables and collections in %s; %s in %.1f s", what, snapshot.tables().size(),
                    stores.stream().map(Store::name).collect(Collectors.joining(", ")),
                    snapshot.settled() ? "settled" : "STILL CHANGING (compare with care)", snapshot.waited().toMillis() / 1000.0);
            return snapshot;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Abort("interrupted", e);
        } catch (Exception e) {
            throw new Abort("cannot fingerprint the stores (" + what + "): " + e, e);
        }
    }

    private void category(String name, String expected, List<Probe> probes, Sender sender) {
        Tally tally = new Tally(name);
        tallies.put(name, tally);
        long t0 = System.nanoTime();
        sender.run(probes.size(), i -> probes.get((int) i), tally);
        printTally(tally, expected, t0);
    }

    private void malformed(List<Target> targets, Sender sender) {
        MalformedRequests generator = new MalformedRequests(targets, settings.seed());
        if (!generator.skipped().isEmpty()) {
            say("malformed: %d targets; skipped (no defect applies, or no credential we hold reaches them): %s",
                    generator.targets().size(), generator.skipped().stream().map(Target::label).collect(Collectors.joining(", ")));
        }
        Tally tally = new Tally("malformed");
        tallies.put("malformed", tally);
        if (generator.targets().isEmpty()) {
            say("malformed: no target");
            return;
        }
        Map<Defect, LongAdder> sent = new EnumMap<>(Defect.class);
        for (Defect d : Defect.values()) {
            sent.put(d, new LongAdder());
        }
        long t0 = System.nanoTime();
        sender.run(settings.malformed(), i -> {
            sent.get(generator.defectAt(i)).increment();
            return generator.generate(i);
        }, tally);
        printTally(tally, "4xx, and errors for GraphQL", t0);
        say("  defects sent: %s", sent.entrySet().stream().filter(e -> e.getValue().sum() > 0)
                .map(e -> e.getKey().description() + " " + e.getValue().sum()).collect(Collectors.joining(", ")));
    }

    /** One identity floods an ingest operation and an expensive one until a 429 with Retry-After comes back. */
    private void rateLimit(List<Target> targets, Sender sender) {
        Tally tally = new Tally("rate-limit");
        tallies.put("rate-limit", tally);
        long t0 = System.nanoTime();
        Optional<RestOperation> ingest = preferred(targets, op -> op.access().ingest() && op.body().isPresent(),
                List.of("/events/batch", "/events", "/v1/batch"));
        Optional<RestOperation> expensive = preferred(targets, op -> op.method().equals("PUT") && op.template().equals("/model")
                && op.access().credentialRole().isPresent(), List.of("/model"));
        if (ingest.isPresent()) {
            flood("ingest", ingest.get(), new Credential.IngestKey(false, false), "ingest key", tally, sender);
        } else {
            rateLimitOutcomes.put("ingest", "no ingest operation found");
        }
        if (expensive.isPresent()) {
            Role role = expensive.get().access().credentialRole().get();
            flood("expensive", expensive.get(), role == Role.INGEST ? new Credential.IngestKey(false, false)
                    : new Credential.Jwt(role, "attack-" + runId + "-rate-limit"), "one " + role.id(), tally, sender);
        } else {
            rateLimitOutcomes.put("expensive", "PUT /model not found");
        }
        printTally(tally, "429 with Retry-After", t0);
        rateLimitOutcomes.forEach((what, outcome) -> {
            if (!what.endsWith(".limited")) {
                say("  %s: %s", what, outcome);
            }
        });
    }

    private void flood(String key, RestOperation op, Credential credential, String who, Tally tally, Sender sender) {
        AtomicBoolean limited = new AtomicBoolean();
        AtomicLong sentBefore = new AtomicLong();
        AtomicLong sent = new AtomicLong();
        AtomicLong withoutRetryAfter = new AtomicLong();
        AtomicReference<String> retryAfter = new AtomicReference<>();
        long deadline = System.nanoTime() + settings.rateLimitTime().toNanos();
        String body = "{\"events\": [";  // truncated JSON: invalid for every operation, so nothing can change
        Probe probe = new Probe(op, "flood with a truncated JSON body", op.method(), op.url(), "application/json",
                body.getBytes(StandardCharsets.US_ASCII), credential, Probe.Expect.invalidInput(op));
        sender.run(settings.rateLimitMax(), i -> probe, tally, () -> limited.get() || System.nanoTime() > deadline, exchange -> {
            long n = sent.incrementAndGet();
            if (exchange.status() == 429) {
                if (exchange.retryAfter().isPresent()) {
                    if (limited.compareAndSet(false, true)) {
                        sentBefore.set(n);
                        retryAfter.set(exchange.retryAfter().get());
                    }
                } else {
                    withoutRetryAfter.incrementAndGet();
                }
            }
        });
        rateLimitOutcomes.put(key, limited.get()
                ? String.format("%s (%s): 429 with Retry-After: %s after %d requests", op.label(), who, retryAfter.get(), sentBefore.get())
                : String.format("%s (%s): NO 429 with Retry-After in %d requests%s", op.label(), who, sent.get(),
                        withoutRetryAfter.get() > 0 ? " (" + withoutRetryAfter.get() + " 429s without Retry-After)" : ""));
        if (limited.get()) {
            rateLimitOutcomes.put(key + ".limited", "yes");
        }
    }

    private static Optional<RestOperation> preferred(List<Target> targets, Predicate<RestOperation> fits, List<String> order) {
        List<RestOperation> candidates = targets.stream().filter(t -> t instanceof RestOperation).map(t -> (RestOperation) t)
                .filter(fits).toList();
        for (String template : order) {
            Optional<RestOperation> match = candidates.stream().filter(op -> op.template().equals(template)).findFirst();
            if (match.isPresent()) {
                return match;
            }
        }
        return candidates.stream().findFirst();
    }

    private void printTally(Tally tally, String expected, long t0) {
        say("%s: %d requests, %d unexpected 2xx, %d 5xx, %d 429 seen, %d other status (expected %s)%s in %.1f s",
                tally.category(), tally.requests(), tally.count(Verdict.UNEXPECTED_SUCCESS), tally.count(Verdict.SERVER_ERROR),
                tally.count(Verdict.RATE_LIMITED), tally.count(Verdict.OTHER_STATUS), expected,
                tally.closed() > 0 ? ", " + tally.closed() + " oversized requests cut off by the server" : "",
                (System.nanoTime() - t0) / 1e9);
        for (Verdict verdict : List.of(Verdict.UNEXPECTED_SUCCESS, Verdict.SERVER_ERROR, Verdict.OTHER_STATUS)) {
            String label = switch (verdict) {
                case UNEXPECTED_SUCCESS -> "unexpected 2xx";
                case SERVER_ERROR -> "server error";
                default -> "other status";
            };
            for (String offender : tally.offenders(verdict)) {
                say("  %s: %s", label, offender);
            }
            List<Map.Entry<String, Long>> groups = tally.groups(verdict);
            if (groups.size() > 1 || groups.stream().anyMatch(g -> g.getValue() > Tally.OFFENDERS_PER_KIND)) {
                say("  %s by operation and probe (%d kinds):", label, groups.size());
                groups.stream().limit(MAX_GROUPS).forEach(g -> say("    %5d  %s", g.getValue(), g.getKey()));
                if (groups.size() > MAX_GROUPS) {
                    say("    ... and %d more", groups.size() - MAX_GROUPS);
                }
            }
        }
    }

    private int report(int stateChanges, int deadServices, Duration took) {
        long requests = 0;
        long unauthorized = 0;
        long serverErrors = deadServices;
        long other = 0;
        for (Tally tally : tallies.values()) {
            requests += tally.requests();
            unauthorized += tally.count(Verdict.UNEXPECTED_SUCCESS);
            serverErrors += tally.count(Verdict.SERVER_ERROR);
            other += tally.count(Verdict.OTHER_STATUS);
        }
        boolean floodsRan = rateLimitOutcomes.keySet().stream().anyMatch(k -> !k.endsWith(".limited"));
        boolean allLimited = floodsRan && rateLimitOutcomes.keySet().stream().filter(k -> !k.endsWith(".limited"))
                .allMatch(k -> rateLimitOutcomes.containsKey(k + ".limited"));
        say("done in %.1f s%s", took.toMillis() / 1000.0, other > 0 ? "; " + other + " answers had another status than "
                + "expected (see above" + (settings.strict() ? ", failing: --strict" : "; --strict fails on them") + ")" : "");
        if (settings.runs("rate-limit")) {
            out.println("rate_limit_429=" + (allLimited ? "yes" : "no"));
        }
        out.println("by_category " + tallies.values().stream().map(t -> t.category() + ":" + t.counts().replace(' ', ','))
                .collect(Collectors.joining(" ")));
        out.printf("attack_requests=%d unauthorized_2xx=%d server_errors=%d state_changes=%d%n", requests, unauthorized,
                serverErrors, stateChanges);
        // A limiter that never answered 429 fails the run as well: the floods are there to prove it works.
        boolean clean = unauthorized == 0 && serverErrors == 0 && stateChanges == 0 && (!settings.strict() || other == 0)
                && (!settings.runs("rate-limit") || allLimited);
        return clean ? 0 : 1;
    }

    private void say(String format, Object... args) {
        out.println("[attack] " + String.format(format, args));
    }
}

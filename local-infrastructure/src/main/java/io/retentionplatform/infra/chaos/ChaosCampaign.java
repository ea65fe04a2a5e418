package io.retentionplatform.infra.chaos;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.retentionplatform.infra.LocalInfrastructure;
import io.retentionplatform.infra.security.Credentials;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.awaitility.core.ConditionTimeoutException;

/**
 * {@code ./suite chaos}: faults struck at the scoring pipeline during a sustained ingest, and after each one a check
 * that nothing accepted was lost or counted twice. The campaign starts the infrastructure launcher (or uses a running
 * one), a TCP proxy in front of the MongoDB wire server, and scoring-service from its built jar, issues itself an
 * ingest key with the admin token it is given ({@code RETENTION_TOKEN}), then runs the scenarios one after the other
 * ({@link Scenario}). Each sends {@code --events} events over {@code --accounts} accounts ({@code chaos-0000} ...) and
 * strikes its fault once {@code --fault-at} of them are accepted; then it waits until the consumer group has no lag
 * and compares:
 * <ul>
 * <li>every accepted event id with the store: missing ones are {@code lost};</li>
 * <li>every account's counters ({@code eventsFolded}, {@code eventsFoldedByType}) with the events stored for it
 * ({@link StateCheck}): {@code duplicated}, {@code state_mismatches};</li>
 * <li>the records the dead-letter topic gained: {@code dead_lettered}; in the poison scenario exactly the poison.</li>
 * </ul>
 * One line per scenario, {@code scenario=<name> accepted=.. lost=.. duplicated=.. state_mismatches=.. dead_lettered=..},
 * and last {@code chaos_scenarios=N accepted=.. lost=.. duplicated=.. state_mismatches=..}; exit code 1 if anything
 * was lost, duplicated or mismatched, or the dead-letter topic got anything but the poison; 2 for a campaign that
 * could not run.
 */
public final class ChaosCampaign implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DEFAULT_GROUP = "scoring-service";
    /** scoring-service's incoming channels: with another --group, every one of them joins that group. */
    private static final List<String> INCOMING_CHANNELS = List.of("engagement-events-in", "erasure-requests-in",
            "erasure-confirmations-in", "account-changes-in");

    private final ChaosSettings settings;
    private final String runId = Long.toString(System.currentTimeMillis(), 36);
    private final List<String> accounts;
    private final KafkaProbe kafka;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String adminToken;
    private ChildProcess infrastructure;
    private MongoOutageProxy proxy;
    private ChildProcess primary;
    private ChildProcess second;
    private StoreProbe store;
    private Credentials credentials;

    /** The stored events of the campaign's accounts found so far, per account; and the ids not found (yet). */
    private final Map<String, AccountCounts> storedCounts = new HashMap<>();
    private final Set<String> notYetStored = new HashSet<>();

    ChaosCampaign(ChaosSettings settings, String adminToken) {
        this.settings = settings;
        this.adminToken = adminToken;
        this.accounts = ChaosEvents.accounts(settings.accounts());
        this.kafka = new KafkaProbe(settings.kafka());
    }

    public static void main(String[] args) {
        ChaosSettings settings;
        try {
            settings = ChaosSettings.from(args, System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("[chaos] " + e.getMessage());
            System.err.println(ChaosSettings.USAGE);
            System.exit(2);
            return;
        }
        String token = Credentials.fromEnvironment().userToken();
        if (token == null || token.isBlank()) {
            System.err.println("[chaos] " + Credentials.TOKEN_VARIABLE + " must hold an admin token (it issues the ingest key)");
            System.exit(2);
        }
        ChaosCampaign campaign = new ChaosCampaign(settings, token);
        Thread stopper = new Thread(campaign::close, "chaos-stop");
        Runtime.getRuntime().addShutdownHook(stopper);
        int exit;
        try {
            List<ScenarioResult> results = campaign.run();
            exit = results.stream().allMatch(ScenarioResult::passed) ? 0 : 1;
        } catch (Exception e) {
            System.err.println("[chaos] the campaign could not run: " + e);
            e.printStackTrace();
            exit = 2;
        }
        campaign.close();
        Runtime.getRuntime().removeShutdownHook(stopper);
        System.exit(exit);
    }

    List<ScenarioResult> run() throws Exception {
        long t0 = System.nanoTime();
        Files.createDirectories(settings.logs());
        say("run " + runId + ": scenarios " + settings.scenarios().stream().map(Scenario::label).toList() + ", "
                + settings.eventsPerScenario() + " events each over " + settings.accounts() + " accounts; logs in " + settings.logs());
        startInfrastructure();
        URI mongo = URI.create(settings.mongo());
        proxy = new MongoOutageProxy(mongo.getHost(), mongo.getPort(), settings.mongoProxyPort());
        store = new StoreProbe(settings.mongo(), settings.database());
        kafka.ensureTopic(settings.eventsTopic(), 6);
        kafka.ensureTopic(settings.deadLetterTopic(), 1);
        primary = scoringService("scoring-service", settings.scoringPort());
        second = scoringService("scoring-service-2", settings.secondScoringPort());
        startScoring(primary);
        credentials = new Credentials(issueIngestKey(url(primary)), adminToken);
        say("ready in " + seconds(t0) + " s (scoring-service reaches MongoDB through the proxy on port " + proxy.port() + ")");
        List<ScenarioResult> results = new ArrayList<>();
        for (Scenario scenario : settings.scenarios()) {
            ScenarioResult result = run(scenario);
            results.add(result);
            System.out.println(result.line());
        }
        say("campaign done in " + seconds(t0) + " s");
        System.out.println(ScenarioResult.summaryLine(results));
        return results;
    }

    private ScenarioResult run(Scenario scenario) throws Exception {
        long t0 = System.nanoTime();
        say(scenario.label() + ": starting");
        Map<String, AccountCounts> excessBefore = excess();
        Map<TopicPartition, Long> deadLettersBefore = kafka.endOffsets(settings.deadLetterTopic());
        IngestLoad load = new IngestLoad(settings, new ChaosEvents(runId, scenario, accounts, Instant.now()), credentials,
                this::liveTargets);
        List<PoisonRecords.Poison> poison = scenario == Scenario.POISON
                ? PoisonRecords.make(runId, settings.poisonRecords(), Instant.now()) : List.of();
        load.start();
        Duration ingestLimit = settings.sendGiveUp().plus(Duration.ofMinutes(10));
        String fault = strike(scenario, load, poison, ingestLimit);
        load.awaitFinished(ingestLimit);
        say(scenario.label() + ": " + fault);
        say(scenario.label() + ": ingest " + load.summary());
        List<String> problems = new ArrayList<>();
        long drainStart = System.nanoTime();
        if (awaitDrained()) {
            say(scenario.label() + ": drained in " + seconds(drainStart) + " s; settling " + settings.settle().toSeconds() + " s");
        } else {
            problems.add("the pipeline did not drain (lag " + kafka.lag(settings.group(), settings.eventsTopic())
                    + " after " + seconds(drainStart) + " s)");
        }
        TimeUnit.MILLISECONDS.sleep(settings.settle().toMillis());

        Set<String> accepted = load.acceptedIds();
        List<String> toLookUp = new ArrayList<>(load.sentIds());
        toLookUp.addAll(notYetStored);
        Map<String, StoreProbe.StoredEvent> found = store.storedEvents(toLookUp);
        // Each id is counted once: looked up with its scenario, and again later only while it was not found.
        for (String id : toLookUp) {
            StoreProbe.StoredEvent event = found.get(id);
            if (event == null) {
                notYetStored.add(id);
            } else {
                notYetStored.remove(id);
                storedCounts.compute(event.accountId(),
                        (account, counts) -> (counts == null ? AccountCounts.NONE : counts).plus(event.type()));
            }
        }
        long lost = accepted.stream().filter(id -> !found.containsKey(id)).count();
        StateCheck.Outcome state = StateCheck.compare(accounts, excessBefore, excess());

        List<ConsumerRecord<byte[], byte[]>> deadLetters = kafka.recordsSince(settings.deadLetterTopic(), deadLettersBefore);
        problems.addAll(checkDeadLetters(scenario, poison, deadLetters));
        if (!deadLetters.isEmpty()) {
            say(scenario.label() + ": dead-lettered " + deadLetters.size() + ", by reason " + reasons(deadLetters));
        }
        if (!poison.isEmpty()) {
            Map<String, StoreProbe.StoredEvent> storedPoison = store.storedEvents(poison.stream().map(PoisonRecords.Poison::key).toList());
            if (!storedPoison.isEmpty()) {
                problems.add("poison stored as events: " + storedPoison.keySet());
            }
        }
        restore(scenario, !problems.isEmpty());
        problems.forEach(problem -> say(scenario.label() + ": FAILED: " + problem));
        say(scenario.label() + ": done in " + seconds(t0) + " s");
        return new ScenarioResult(scenario, accepted.size(), lost, state.duplicated(), state.mismatches(), deadLetters.size(),
                problems);
    }

    /** Strikes the scenario's fault during the ingest; returns what was done, for the log. */
    private String strike(Scenario scenario, IngestLoad load, List<PoisonRecords.Poison> poison, Duration limit) throws Exception {
        long at = settings.faultAfterAccepted();
        switch (scenario) {
            case SCORING_KILL -> {
                load.awaitAccepted(at, limit);
                long accepted = load.acceptedCount();
                primary.kill();
                long t0 = System.nanoTime();
                TimeUnit.MILLISECONDS.sleep(settings.downtime().toMillis());
                startScoring(primary);
                return "kill -9 of scoring-service at " + accepted + " accepted events; back in " + seconds(t0) + " s";
            }
            case INFRASTRUCTURE_KILL -> {
                load.awaitAccepted(at, limit);
                long accepted = load.acceptedCount();
                infrastructure.kill();
                long t0 = System.nanoTime();
                TimeUnit.MILLISECONDS.sleep(settings.downtime().toMillis());
                startInfrastructure();
                return "kill -9 of the infrastructure (Kafka, MongoDB wire server, PostgreSQL's launcher) at " + accepted
                        + " accepted events; back in " + seconds(t0) + " s";
            }
            case MONGO_OUTAGE -> {
                load.awaitAccepted(at, limit);
                long accepted = load.acceptedCount();
                proxy.cut();
                TimeUnit.MILLISECONDS.sleep(settings.mongoOutage().toMillis());
                proxy.restore();
                return "MongoDB cut for " + settings.mongoOutage().toSeconds() + " s at " + accepted + " accepted events";
            }
            case POISON -> {
                // Spread over the rest of the ingest, one at a time, among the good events.
                for (int i = 0; i < poison.size(); i++) {
                    double share = settings.faultAt() + (0.95 - settings.faultAt()) * i / poison.size();
                    load.awaitAccepted(Math.max(1, Math.round(settings.eventsPerScenario() * share)), limit);
                    kafka.produce(settings.eventsTopic(), List.of(poison.get(i)));
                }
                return poison.size() + " poison records produced to " + settings.eventsTopic() + " from "
                        + Math.round(settings.faultAt() * 100) + " % of the ingest on";
            }
            case REBALANCE_KILL -> {
                // The second instance starts with the ingest: the group rebalances when it joins, whenever that is.
                KafkaProbe.GroupView before = kafka.group(settings.group());
                second.start();
                long t0 = System.nanoTime();
                KafkaProbe.GroupView seen = awaitRebalance(before);
                long accepted = load.acceptedCount();
                primary.kill();
                second.awaitReady(() -> ready(second), Duration.ofMinutes(3));
                return "second scoring-service started with the ingest; kill -9 of the first " + seconds(t0)
                        + " s later at " + accepted + " accepted events, the group " + seen + " (before: " + before + ")";
            }
            default -> throw new IllegalStateException("unknown scenario " + scenario);
        }
    }

    /** Waits until the group moves partitions (a rebalance under way, or more members than before). */
    private KafkaProbe.GroupView awaitRebalance(KafkaProbe.GroupView before) {
        KafkaProbe.GroupView[] seen = {before};
        try {
            await("a rebalance of " + settings.group()).atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(50))
                    .ignoreExceptionsMatching(e -> !(e instanceof SecondExited)).until(() -> {
                        if (!second.isAlive()) {
                            throw new SecondExited("the second scoring-service exited; see " + second.log());
                        }
                        seen[0] = kafka.group(settings.group());
                        return seen[0].rebalancing() || seen[0].members() > before.members();
                    });
        } catch (ConditionTimeoutException e) {
            throw new IllegalStateException("the group never rebalanced after the second scoring-service started: "
                    + seen[0] + "; see " + second.log(), e);
        }
        return seen[0];
    }

    /**
     * Back to the starting line for the next scenario: one scoring-service on its port, restarted if this scenario left
     * it stuck (its figures are taken already).
     */
    private void restore(Scenario scenario, boolean failed) {
        if (scenario == Scenario.REBALANCE_KILL) {
            startScoring(primary);
            second.stop(Duration.ofSeconds(30));
        } else if (failed || !ready(primary)) {
            say(scenario.label() + ": restarting scoring-service for the next scenario");
            primary.stop(Duration.ofSeconds(30));
            startScoring(primary);
        }
    }

    private List<String> checkDeadLetters(Scenario scenario, List<PoisonRecords.Poison> poison,
            List<ConsumerRecord<byte[], byte[]>> deadLetters) {
        Set<String> poisonKeys = new HashSet<>();
        poison.forEach(p -> poisonKeys.add(p.key()));
        Set<String> arrived = new HashSet<>();
        List<String> others = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : deadLetters) {
            String key = record.key() == null ? "(no key)" : new String(record.key(), StandardCharsets.UTF_8);
            if (poisonKeys.contains(key)) {
                arrived.add(key);
            } else {
                others.add(key);
            }
        }
        List<String> problems = new ArrayList<>();
        if (scenario == Scenario.POISON && !others.isEmpty()) {
            problems.add(others.size() + " records dead-lettered besides the poison, keys " + sample(others));
        }
        if (!arrived.containsAll(poisonKeys)) {
            Set<String> missing = new HashSet<>(poisonKeys);
            missing.removeAll(arrived);
            problems.add("poison records not dead-lettered: " + missing);
        }
        return problems;
    }

    /**
     * Waits until the group has consumed every record of the events topic; gives up at the drain timeout, or sooner
     * once the lag has not gone down for the stall time (a consumer that stopped).
     */
    /** The dead-letter reasons (the header the messaging layer adds) and how often each came. */
    private static Map<String, Integer> reasons(List<ConsumerRecord<byte[], byte[]>> deadLetters) {
        Map<String, Integer> reasons = new TreeMap<>();
        for (ConsumerRecord<byte[], byte[]> record : deadLetters) {
            Header header = record.headers().lastHeader("dead-letter-reason");
            String reason = header == null ? "(no reason given)" : new String(header.value(), StandardCharsets.UTF_8);
            reasons.merge(reason.length() > 160 ? reason.substring(0, 160) + "..." : reason, 1, Integer::sum);
        }
        return reasons;
    }

    private boolean awaitDrained() {
        long[] lowest = {Long.MAX_VALUE};
        long[] progressAt = {System.nanoTime()};
        try {
            await("no lag of " + settings.group() + " on " + settings.eventsTopic()).atMost(settings.drainTimeout())
                    .pollInterval(Duration.ofSeconds(1)).ignoreExceptionsMatching(e -> !(e instanceof DrainStalled))
                    .until(() -> {
                        long lag = kafka.lag(settings.group(), settings.eventsTopic());
                        if (lag < lowest[0]) {
                            lowest[0] = lag;
                            progressAt[0] = System.nanoTime();
                        } else if (System.nanoTime() - progressAt[0] > settings.drainStall().toNanos()) {
                            throw new DrainStalled(lag);
                        }
                        return lag == 0;
                    });
            return true;
        } catch (ConditionTimeoutException e) {
            return false;
        } catch (DrainStalled e) {
            say("the lag has stayed at " + e.lag + " for " + settings.drainStall().toSeconds() + " s: giving up the wait");
            return false;
        }
    }

    private static final class SecondExited extends IllegalStateException {
        SecondExited(String message) {
            super(message);
        }
    }

    private static final class DrainStalled extends RuntimeException {
        private final long lag;

        DrainStalled(long lag) {
            super(null, null, false, false);
            this.lag = lag;
        }
    }

    /** Each account's state counters beyond its stored events (see {@link StateCheck}). */
    private Map<String, AccountCounts> excess() {
        Map<String, AccountCounts> folded = store.foldedCounts(accounts);
        Map<String, AccountCounts> excess = new HashMap<>();
        for (String account : accounts) {
            excess.put(account, AccountCounts.excess(folded.getOrDefault(account, AccountCounts.NONE),
                    storedCounts.getOrDefault(account, AccountCounts.NONE)));
        }
        return excess;
    }

    // --- the suite under test ---------------------------------------------------------------------------------

    private void startInfrastructure() throws IOException {
        if (!settings.ownInfrastructure()) {
            return;
        }
        Path ready = settings.dataDir().resolve(LocalInfrastructure.READY_FILE);
        Files.deleteIfExists(ready);
        if (infrastructure == null) {
            infrastructure = new ChildProcess("infrastructure", List.of(java(), "-Xms64m", "-Xmx" + settings.infraHeap(),
                    "-XX:+ExitOnOutOfMemoryError", "-jar", settings.infraJar().toString(), "--data-dir=" + settings.dataDir(),
                    "--kafka-port=" + settings.kafkaPort(), "--postgres-port=" + settings.postgresPort(),
                    "--mongo-port=" + settings.mongoPort()), Map.of(), settings.logs().resolve("infrastructure.log"));
        }
        infrastructure.start();
        infrastructure.awaitReady(() -> Files.exists(ready), Duration.ofMinutes(3));
    }

    private ChildProcess scoringService(String name, int port) {
        List<String> command = new ArrayList<>(List.of(java(), "-Xms64m", "-Xmx" + settings.scoringHeap()));
        if (!settings.eventsTopic().equals("engagement-events")) {
            command.add("-Dmp.messaging.outgoing.engagement-events-out.topic=" + settings.eventsTopic());
            command.add("-Dmp.messaging.incoming.engagement-events-in.topic=" + settings.eventsTopic());
        }
        if (!settings.deadLetterTopic().equals("engagement-events-dlq")) {
            // The consumer dead-letters poison itself through this outgoing channel.
            command.add("-Dmp.messaging.outgoing.engagement-events-dlq-out.topic=" + settings.deadLetterTopic());
        }
        if (!settings.group().equals(DEFAULT_GROUP)) {
            INCOMING_CHANNELS.forEach(channel -> command.add("-Dmp.messaging.incoming." + channel + ".group.id=" + settings.group()));
        }
        command.addAll(List.of("-jar", settings.scoringJar().toString()));
        Map<String, String> environment = new LinkedHashMap<>();
        // As ./suite runs it: the production profile with the local overrides, trusting the suite's key pair.
        environment.put("QUARKUS_PROFILE", "prod,local");
        environment.put("SCORING_HTTP_PORT", Integer.toString(port));
        environment.put("MANAGEMENT_PORT", Integer.toString(port + settings.managementOffset()));
        environment.put("MP_JWT_VERIFY_PUBLICKEY_LOCATION", settings.jwtPublicKey().toString());
        environment.put("KAFKA_BOOTSTRAP_SERVERS", settings.kafka());
        environment.put("MONGODB_URI", "mongodb://127.0.0.1:" + proxy.port());
        environment.put("MONGODB_DATABASE", settings.database());
        // One API key pushes the whole load: its ingest limit is lifted, as in ./suite bench.
        environment.put("PLATFORM_RATE_LIMITS_INGEST_REQUESTS", "1000000");
        return new ChildProcess(name, command, environment, settings.logs().resolve(name + ".log"));
    }

    private void startScoring(ChildProcess instance) {
        instance.start();
        instance.awaitReady(() -> ready(instance), Duration.ofMinutes(3));
    }

    private boolean ready(ChildProcess instance) {
        int port = instance == primary ? settings.scoringPort() : settings.secondScoringPort();
        try {
            HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + (port + settings.managementOffset()) + "/q/health/ready")).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private String url(ChildProcess instance) {
        return "http://127.0.0.1:" + (instance == primary ? settings.scoringPort() : settings.secondScoringPort());
    }

    /** The instances to send to: the live ones, or the first (which refuses until it is back). */
    private List<String> liveTargets() {
        List<String> live = new ArrayList<>();
        for (ChildProcess instance : List.of(primary, second)) {
            if (instance.isAlive()) {
                live.add(url(instance));
            }
        }
        return live.isEmpty() ? List.of(url(primary)) : live;
    }

    /** An event sender's API key, issued through the admin API as ./suite's issue_ingest_key does. */
    private String issueIngestKey(String scoringUrl) throws Exception {
        byte[] body = JSON.writeValueAsBytes(Map.of("source", "chaos-" + runId,
                "description", "issued by the chaos campaign on " + Instant.now()));
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(scoringUrl + "/api-keys"))
                .header("Authorization", "Bearer " + adminToken).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 201) {
            throw new IllegalStateException("could not issue an ingest key: " + answer.statusCode() + " " + answer.body());
        }
        return JSON.readTree(answer.body()).get("key").asText();
    }

    @Override
    public synchronized void close() {
        for (ChildProcess instance : new ChildProcess[] {second, primary}) {
            if (instance != null) {
                instance.stop(Duration.ofSeconds(20));
            }
        }
        if (proxy != null) {
            proxy.close();
        }
        if (store != null) {
            store.close();
            store = null;
        }
        if (infrastructure != null) {
            // SIGTERM: the launcher stops its PostgreSQL too.
            infrastructure.stop(Duration.ofSeconds(60));
        }
    }

    private static String java() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    private static long seconds(long since) {
        return Math.round((System.nanoTime() - since) / 1e9);
    }

    private static String sample(List<String> keys) {
        return keys.size() <= 10 ? keys.toString() : keys.subList(0, 10) + " ...";
    }

    private static void say(String message) {
        System.out.println("[chaos] " + message);
    }
}

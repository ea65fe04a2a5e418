package io.retentionplatform.infra.bench;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.retentionplatform.infra.security.Credentials;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The gateway benchmark ({@code ./suite bench gateway}) against the running gateway, scoring-, segmentation- and
 * nurture-service on a real Kafka, PostgreSQL and MongoDB wire server:
 * <ol>
 * <li>seeding: 10,000 accounts (by default) through segmentation's CRM batch API, and a health score for each on the
 * {@code health-scores} topic as scoring-service publishes them, so that segmentation places every account in a
 * quadrant and its segments and nurture decides its expansion eligibility (waited for, through the gateway);</li>
 * <li>(a) the ceiling: a trivial GraphQL query ({@code { __typename }}) from 50 concurrent clients;</li>
 * <li>(b) the dashboard's account list: a page of 50 accounts with health, quadrant, segments and expansion
 * eligibility, at random pages, from 50 concurrent clients: throughput and latency percentiles.</li>
 * </ol>
 * Each client sends its next request when the previous one answered (closed loop), over kept-alive HTTP/1.1
 * connections, after a warm-up. Goals: (b) at least 30% of (a), p95 under 50 ms. The last line is machine-readable.
 */
public final class GatewayBenchmark {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] INDUSTRIES = {"saas", "professional_services", "manufacturing", "other"};
    private static final String[] OWNERS = {"sanne", "joost", "eva", "daan", "fleur"};
    static final String TRIVIAL = "{ __typename }";
    static final String LIST = "query List($after: String) { accounts(first: 50, after: $after) { pageInfo { endCursor } "
            + "nodes { id name arr health { score band } quadrant { current } segments { segmentId } "
            + "expansion { eligible plays } } } }";

    private final Map<String, String> args;
    private final Credentials credentials = Credentials.fromEnvironment();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private GatewayBenchmark(Map<String, String> args) {
        this.args = args;
    }

    public static void main(String[] argv) throws Exception {
        Map<String, String> args = new HashMap<>();
        for (String a : argv) {
            if (a.startsWith("--") && a.contains("=")) {
                args.put(a.substring(2, a.indexOf('=')), a.substring(a.indexOf('=') + 1));
            }
        }
        new GatewayBenchmark(args).run();
    }

    private void run() throws Exception {
        int accounts = Integer.parseInt(args.getOrDefault("accounts", "10000"));
        int clients = Integer.parseInt(args.getOrDefault("clients", "50"));
        int seconds = Integer.parseInt(args.getOrDefault("seconds", "30"));
        String gateway = args.getOrDefault("gateway-url", "http://127.0.0.1:18080");
        say("seeding %,d accounts (CRM batch to segmentation-service, health scores on Kafka)", accounts);
        long t0 = System.nanoTime();
        seed(accounts);
        awaitSeeded(gateway, accounts);
        say("  seeded and placed in %.1f s", (System.nanoTime() - t0) / 1e9);

        String trivial = JSON.writeValueAsString(Map.of("query", TRIVIAL));
        Result warmTrivial = load(gateway, clients, 5, n -> trivial);
        Result a = load(gateway, clients, seconds, n -> trivial);
        say("(a) trivial query, %d clients, %d s: %,.0f queries/s, p50 %.1f ms, p95 %.1f ms, p99 %.1f ms (warm-up %,.0f/s)",
                clients, seconds, a.perSecond, a.p50, a.p95, a.p99, warmTrivial.perSecond);

        int pages = accounts / 50;
        List<String> bodies = new ArrayList<>();
        for (int page = 0; page < pages; page++) {
            Map<String, Object> variables = new HashMap<>();
            variables.put("after", page == 0 ? null : cursor(page * 50));
            bodies.add(JSON.writeValueAsString(Map.of("query", LIST, "variables", variables)));
        }
        Random random = new Random(42);
        load(gateway, clients, 5, n -> bodies.get(random.nextInt(bodies.size())));
        Result b = load(gateway, clients, seconds, n -> bodies.get(Math.floorMod(n * 7919, bodies.size())));
        say("(b) account list (50 accounts: health, quadrant, segments, eligibility), %d clients, %d s: %,.0f queries/s "
                + "(%,.0f accounts/s), p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, errors %d", clients, seconds, b.perSecond,
                b.perSecond * 50, b.p50, b.p95, b.p99, b.errors);
        double ratio = b.perSecond / a.perSecond;
        say("(b) / (a) = %.2f (goal >= 0.30); p95 %.1f ms (goal < 50 ms)", ratio, b.p95);
        System.out.printf("graphql_list_p95_ms=%.1f graphql_vs_trivial_ratio=%.2f graphql_list_per_s=%.0f graphql_trivial_per_s=%.0f "
                + "accounts=%d clients=%d%n", b.p95, ratio, b.perSecond, a.perSecond, accounts, clients);
    }

    /** The same opaque cursor the gateway hands out for the account at this offset (base64url of "offset:N"). */
    static String cursor(int offset) {
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(("offset:" + offset).getBytes());
    }

    // --- seeding ------------------------------------------------------------------------------------------------

    private void seed(int accounts) throws Exception {
        String segmentation = args.getOrDefault("segmentation-url", "http://127.0.0.1:18082");
        Random r = new Random(7);
        LocalDate today = LocalDate.now();
        for (int from = 0; from < accounts; from += 1000) {
            List<Map<String, Object>> batch = new ArrayList<>();
            for (int i = from; i < Math.min(accounts, from + 1000); i++) {
                Map<String, Object> a = new LinkedHashMap<>();
                a.put("id", id(i));
                a.put("name", "Bench account " + i);
                a.put("industry", INDUSTRIES[i % INDUSTRIES.length]);
                a.put("planTier", i % 3 == 0 ? "premium" : "basic");
                a.put("arr", 5_000 + r.nextInt(295_000));
                a.put("currency", "EUR");
                a.put("contractStart", today.minusDays(100 + r.nextInt(900)).toString());
                a.put("renewalDate", today.plusDays(1 + r.nextInt(364)).toString());
                a.put("owner", OWNERS[i % OWNERS.length]);
                batch.add(a);
            }
            HttpResponse<String> response = http.send(credentials.request(segmentation + "/accounts/batch")
                    .timeout(Duration.ofSeconds(120)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("accounts", batch)))).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("CRM batch: " + response.statusCode() + " " + response.body());
            }
        }
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, args.getOrDefault("kafka", "127.0.0.1:39092"));
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
            for (int i = 0; i < accounts; i++) {
                producer.send(new ProducerRecord<>("health-scores", id(i), score(id(i), r)));
            }
            producer.flush();
        }
    }

    /** A health score as scoring-service publishes it, spread over the four quadrants and the three bands. */
    private static String score(String account, Random r) throws Exception {
        int usage = r.nextInt(31);
        int inbound = r.nextInt(4) == 0 ? 0 : r.nextInt(8);
        int adoption = Math.min(100, usage * 3 + r.nextInt(10));
        int score = Math.max(0, Math.min(100, adoption / 2 + 20 + r.nextInt(40)));
        Map<String, Object> signals = new LinkedHashMap<>();
        signals.put("activeDays30", usage);
        signals.put("activeDaysPrevious30", Math.max(0, usage + r.nextInt(7) - 3));
        signals.put("featuresUsed30", 1 + r.nextInt(6));
        signals.put("featureTarget", 6);
        signals.put("inboundContacts90", inbound);
        signals.put("outboundContacts90", r.nextInt(4));
        signals.put("advocacyActs90", r.nextInt(10) == 0 ? 1 : 0);
        signals.put("marketingTouches90", r.nextInt(5));
        signals.put("openTickets", r.nextInt(3));
        signals.put("ticketsOpened30", r.nextInt(3));
        signals.put("lastHumanContactAt", r.nextInt(3) == 0 ? null : Instant.now().minus(Duration.ofDays(r.nextInt(200))).toString());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("schemaVersion", 1);
        m.put("messageId", UUID.randomUUID().toString());
        m.put("accountId", account);
        m.put("version", 1);
        m.put("score", score);
        m.put("band", score >= 70 ? "healthy" : score >= 40 ? "watch" : "at_risk");
        m.put("adoption", adoption);
        m.put("support", 60 + r.nextInt(41));
        m.put("engagement", r.nextInt(101));
        m.put("computedAt", Instant.now().toString());
        m.put("engagementScore30", r.nextInt(101));
        m.put("engagementScore90", r.nextInt(101));
        m.put("trendDirection", "flat");
        m.put("explanation", "Health " + score + ".");
        m.put("satisfactionTrap", false);
        m.put("premiumPaysBasicUse", false);
        m.put("signals", signals);
        return JSON.writeValueAsString(m);
    }

    /** Until the last page lists scored accounts with quadrants and eligibility (the consumers have caught up). */
    private void awaitSeeded(String gateway, int accounts) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(15).toNanos();
        String lastPage = JSON.writeValueAsString(Map.of("query", "query($after: String) { accounts(first: 50, after: $after) "
                + "{ nodes { id quadrant { current } expansion { eligible } } } }", "variables", Map.of("after", cursor(accounts - 50))));
        while (System.nanoTime() < deadline) {
            HttpResponse<String> response = post(gateway, lastPage);
            JsonNode nodes = JSON.readTree(response.body()).at("/data/accounts/nodes");
            boolean done = nodes.isArray() && nodes.size() == 50;
            for (JsonNode node : nodes) {
                done &= !node.path("quadrant").isNull() && !node.path("quadrant").isMissingNode();
            }
            if (done && response.statusCode() == 200 && !response.body().contains("\"errors\"")) {
                awaitQuiet();
                return;
            }
            Thread.sleep(1000);
        }
        throw new IllegalStateException("accounts not placed in quadrants within 15 minutes");
    }

    /**
     * Until every consumer group has caught up with every topic for 10 s in a row: the seed sets off work in all
     * services (segment changes, enrollments, eligibility decisions, outbox relays), and the figures are for the
     * gateway's steady state, not for that backlog competing with it for the two cores.
     */
    private void awaitQuiet() throws Exception {
        Properties p = new Properties();
        p.put(org.apache.kafka.clients.admin.AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, args.getOrDefault("kafka", "127.0.0.1:39092"));
        long deadline = System.nanoTime() + Duration.ofMinutes(15).toNanos();
        long t0 = System.nanoTime();
        int quietSeconds = 0;
        try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(p)) {
            while (quietSeconds < 10 && System.nanoTime() < deadline) {
                long lag = 0;
                for (var group : admin.listConsumerGroups().all().get()) {
                    var committed = admin.listConsumerGroupOffsets(group.groupId()).partitionsToOffsetAndMetadata().get();
                    Map<org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> latest = new HashMap<>();
                    committed.keySet().forEach(tp -> latest.put(tp, org.apache.kafka.clients.admin.OffsetSpec.latest()));
                    var ends = admin.listOffsets(latest).all().get();
                    for (var e : committed.entrySet()) {
                        if (e.getValue() != null) {
                            lag += Math.max(0, ends.get(e.getKey()).offset() - e.getValue().offset());
                        }
                    }
                }
                quietSeconds = lag == 0 ? quietSeconds + 1 : 0;
                Thread.sleep(1000);
            }
        }
        say("  every consumer caught up after %.1f s more", (System.nanoTime() - t0) / 1e9);
    }

    // --- load ---------------------------------------------------------------------------------------------------

    record Result(double perSecond, double p50, double p95, double p99, long errors) {
    }

    private Result load(String gateway, int clients, int seconds, java.util.function.LongFunction<String> body) throws Exception {
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        AtomicLong sent = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch done = new CountDownLatch(clients);
        long start = System.nanoTime();
        for (int c = 0; c < clients; c++) {
            Thread client = new Thread(() -> {
                List<Long> mine = new ArrayList<>();
                try {
                    while (!stop.get()) {
                        long t = System.nanoTime();
                        HttpResponse<String> response = post(gateway, body.apply(sent.getAndIncrement()));
                        mine.add(System.nanoTime() - t);
                        if (response.statusCode() != 200 || response.body().contains("\"errors\"")) {
                            errors.incrementAndGet();
                        }
                    }
                } catch (Exception e) {
                    errors.incrementAndGet();
                } finally {
                    latencies.addAll(mine);
                    done.countDown();
                }
            }, "bench-client-" + c);
            client.setDaemon(true);
            client.start();
        }
        Thread.sleep(seconds * 1000L);
        stop.set(true);
        done.await();
        double elapsed = (System.nanoTime() - start) / 1e9;
        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        return new Result(sorted.size() / elapsed, ms(sorted, 0.50), ms(sorted, 0.95), ms(sorted, 0.99), errors.get());
    }

    private HttpResponse<String> post(String gateway, String body) throws Exception {
        return http.send(credentials.request(gateway + "/graphql").timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static double ms(List<Long> sorted, double p) {
        if (sorted.isEmpty()) {
            return -1;
        }
        int index = (int) Math.ceil(p * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index))) / 1e6;
    }

    private static String id(int i) {
        return String.format("gwb-%05d", i);
    }

    private static void say(String format, Object... values) {
        System.out.printf("[bench] " + format + "%n", values);
    }
}

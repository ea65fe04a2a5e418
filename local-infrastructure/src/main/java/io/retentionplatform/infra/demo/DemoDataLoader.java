package io.retentionplatform.infra.demo;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.retentionplatform.infra.security.Credentials;

/**
 * Loads the demo portfolio through the services' public APIs, as the CRM, billing and marketing automation would:
 * the CRM accounts (segmentation's account batch), their ARR movements, then the engagement events (scoring's
 * webhook); waits until segmentation shows every account scored from all of its events and placed in a quadrant;
 * starts a silent-customer audit pilot if there is none; and reports what came of it.
 *
 * <p>{@code java -cp local-infrastructure.jar io.retentionplatform.infra.demo.DemoDataLoader http://127.0.0.1:8081
 * http://127.0.0.1:8082 [settle-seconds]}, with an ingest API key and a manager's token in {@code RETENTION_INGEST_KEY}
 * and {@code RETENTION_TOKEN} ({@link Credentials}). Loading again changes nothing: accounts the CRM already sent are not sent
 * again (their ARR has moved since), and movements and events carry stable ids.
 */
public final class DemoDataLoader {

    static final Duration DEFAULT_SETTLE_TIMEOUT = Duration.ofSeconds(90);
    private static final int EVENT_BATCH = 500;
    private static final Duration POLL = Duration.ofMillis(1500);
    private static final Duration FIRST_SCORES_TIMEOUT = Duration.ofSeconds(30);

    /** What the load did and what the services show afterwards. */
    public record Summary(int accounts, int churnedAccounts, int crmCreated, int crmAlreadyKnown, int movementsRecorded,
            int movementsAlreadyRecorded, int eventsAccepted, int arrChangeEvents, Duration settledIn,
            Map<String, Integer> perQuadrant, List<String> offQuadrant, List<String> satisfactionTraps,
            List<String> churnedInactive, int silentAccounts, List<String> silentDemoAccounts, String pilotId,
            boolean pilotStarted, List<String> pilotCohort, BigDecimal nrr, BigDecimal grr, BigDecimal arrAtStart,
            BigDecimal arrAtEnd) {

        /** The lines main() prints. */
        public List<String> lines() {
            List<String> lines = new ArrayList<>();
            lines.add(String.format("[demo] CRM: %d accounts (%d created, %d already loaded); ARR movements: %d recorded, "
                    + "%d already there; events: %d accepted (%d of them ARR changes)", accounts + churnedAccounts,
                    crmCreated, crmAlreadyKnown, movementsRecorded, movementsAlreadyRecorded, eventsAccepted, arrChangeEvents));
            lines.add(String.format("[demo] settled in %.1f s; quadrants of the %d demo accounts: %s%s", settledIn.toMillis() / 1000.0,
                    accounts, perQuadrant.entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                            .collect(Collectors.joining(", ")),
                    offQuadrant.isEmpty() ? " (all as intended)" : "; NOT as intended: " + String.join(", ", offQuadrant)));
            lines.add(String.format("[demo] satisfaction traps: %d (%s)", satisfactionTraps.size(), String.join(", ", satisfactionTraps)));
            lines.add(String.format("[demo] churned in the last year: %d of %d with ARR 0 and inactive", churnedInactive.size(),
                    churnedAccounts));
            lines.add(String.format("[demo] silent-customer audit: %d accounts without human contact for 90 days (%d of the demo); "
                    + "pilot %s %s, cohort %d: %s", silentAccounts, silentDemoAccounts.size(), pilotId,
                    pilotStarted ? "started" : "already running", pilotCohort.size(), String.join(", ", pilotCohort)));
            lines.add(String.format("[demo] last 365 days: NRR %s, GRR %s, ARR %s -> %s EUR", percent(nrr), percent(grr),
                    money(arrAtStart), money(arrAtEnd)));
            return lines;
        }

        private static String percent(BigDecimal rate) {
            return rate == null ? "n/a" : rate.movePointRight(2).setScale(1, RoundingMode.HALF_UP) + "%";
        }

        private static String money(BigDecimal amount) {
            return amount == null ? "n/a" : String.format("%,d", amount.setScale(0, RoundingMode.HALF_UP).longValue());
        }
    }

    /** The load did not complete; the message says what failed. */
    public static final class LoadFailure extends RuntimeException {
        LoadFailure(String message) {
            super(message);
        }
    }

    private final String scoringUrl;
    private final String segmentationUrl;
    private final Duration settleTimeout;
    private final Credentials credentials;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    public DemoDataLoader(String scoringUrl, String segmentationUrl, Duration settleTimeout, Credentials credentials) {
        this.scoringUrl = trimSlash(scoringUrl);
        this.segmentationUrl = trimSlash(segmentationUrl);
        this.settleTimeout = settleTimeout;
        this.credentials = credentials;
    }

    public static void main(String[] args) {
        String scoring = args.length > 0 ? args[0] : "http://127.0.0.1:8081";
        String segmentation = args.length > 1 ? args[1] : "http://127.0.0.1:8082";
        Duration timeout = args.length > 2 ? Duration.ofSeconds(Long.parseLong(args[2])) : DEFAULT_SETTLE_TIMEOUT;
        try {
            DemoDataLoader loader = new DemoDataLoader(scoring, segmentation, timeout, Credentials.fromEnvironment());
            DemoData.Portfolio portfolio = DemoData.portfolio(Instant.now());
            Summary summary = loader.load(portfolio);
            summary.lines().forEach(System.out::println);
            System.out.println(loader.churnModel(portfolio, System.getenv(ADMIN_TOKEN_VARIABLE)));
            if (!summary.offQuadrant().isEmpty()) {
                System.err.println("[demo] failed: " + summary.offQuadrant().size() + " accounts are not in their intended quadrant");
                System.exit(1);
            }
        } catch (LoadFailure e) {
            System.err.println("[demo] failed: " + e.getMessage());
            System.exit(1);
        }
    }

    /** Loads the portfolio and waits for it to settle; throws {@link LoadFailure} if a step fails or time runs out. */
    public Summary load(DemoData.Portfolio portfolio) {
        List<DemoData.DemoAccount> all = portfolio.all();

        // 1. The CRM: only accounts it has not sent before. A re-sent record would carry the contract-start ARR and
        // undo the year of movements with a correcting one.
        Set<String> known = new HashSet<>();
        for (DemoData.DemoAccount account : all) {
            Reply reply = call("GET", segmentationUrl + "/accounts/" + encode(account.id()), null);
            if (reply.status() == 200 && reply.body().path("crmKnown").asBoolean()) {
                known.add(account.id());
            } else if (reply.status() != 200 && reply.status() != 404) {
                throw reply.failure("reading account " + account.id());
            }
        }
        List<Map<String, Object>> batch = all.stream().filter(a -> !known.contains(a.id())).map(DemoDataLoader::crmRecord).toList();
        if (!batch.isEmpty()) {
            Reply reply = call("POST", segmentationUrl + "/accounts/batch", Map.of("accounts", batch));
            if (reply.status() != 200 || reply.body().path("rejected").size() > 0) {
                throw reply.failure("the CRM batch");
            }
        }

        // Scoring answers each new plan with a first score. Let those land before the movements: a movement posted
        // while a score is applied to the same account can write back the account as it was before the score.
        awaitFirstScores(all);

        // 2. The ARR ledger's year: one account at a time, in date order (a reactivation follows its churn).
        int recorded = 0;
        int existing = 0;
        for (DemoData.DemoAccount account : all) {
            for (DemoData.Movement movement : account.movements()) {
                Reply reply = call("POST", segmentationUrl + "/accounts/" + encode(account.id()) + "/arr-movements", movement);
                switch (reply.status()) {
                    case 201 -> recorded++;
                    case 200 -> existing++;
                    default -> throw reply.failure("ARR movement " + movement.id());
                }
            }
        }

        // 3. Engagement events in batches; the ARR changes one by one through the plain webhook.
        List<DemoData.DemoEvent> engagement = new ArrayList<>();
        List<DemoData.DemoEvent> arrChanges = new ArrayList<>();
        for (DemoData.DemoAccount account : all) {
            for (DemoData.DemoEvent event : account.events()) {
                (event.type().equals("commercial.arr_change") ? arrChanges : engagement).add(event);
            }
        }
        int accepted = 0;
        for (int from = 0; from < engagement.size(); from += EVENT_BATCH) {
            List<DemoData.DemoEvent> chunk = engagement.subList(from, Math.min(engagement.size(), from + EVENT_BATCH));
            Reply reply = call("POST", scoringUrl + "/events/batch", Map.of("events", chunk));
            if (reply.status() != 202 || reply.body().path("rejectedCount").asInt() > 0) {
                throw reply.failure("an event batch");
            }
            accepted += reply.body().path("accepted").asInt();
        }
        for (DemoData.DemoEvent event : arrChanges) {
            Reply reply = call("POST", scoringUrl + "/events", event);
            if (reply.status() != 202) {
                throw reply.failure("ARR change event " + event.id());
            }
            accepted++;
        }

        // 4. Settled: every account placed, scored from all of its events (its signals are the demo's), forwarded
        // ARR changes recorded, and no score version moved between two looks.
        long started = System.nanoTime();
        Map<String, JsonNode> views = awaitSettled(portfolio, arrChanges);
        Duration settledIn = Duration.ofNanos(System.nanoTime() - started);

        // 5. The silent-customer audit's pilot, unless one runs already.
        Reply pilots = call("GET", segmentationUrl + "/audit/pilots", null);
        if (pilots.status() != 200) {
            throw pilots.failure("listing audit pilots");
        }
        JsonNode pilot;
        boolean pilotStarted = pilots.body().isEmpty();
        if (pilotStarted) {
            Reply start = call("POST", segmentationUrl + "/audit/pilots", Map.of("startedBy", "demo"));
            if (start.status() != 201) {
                throw start.failure("starting a silent-audit pilot");
            }
            pilot = start.body();
        } else {
            pilot = pilots.body().get(0);
        }
        List<String> cohort = new ArrayList<>();
        pilot.path("members").forEach(m -> cohort.add(m.path("accountId").asText()));

        return summarise(portfolio, known.size(), batch.size(), recorded, existing, accepted, arrChanges.size(), settledIn,
                views, pilot.path("pilotId").asText(), pilotStarted, cohort);
    }

    private Summary summarise(DemoData.Portfolio portfolio, int crmKnown, int crmCreated, int recorded, int existing,
            int accepted, int arrChangeEvents, Duration settledIn, Map<String, JsonNode> views, String pilotId,
            boolean pilotStarted, List<String> cohort) {
        Map<String, Integer> perQuadrant = new LinkedHashMap<>();
        for (DemoProfile profile : DemoProfile.values()) {
            perQuadrant.put(profile.quadrantId, 0);
        }
        List<String> off = new ArrayList<>();
        List<String> traps = new ArrayList<>();
        for (DemoData.DemoAccount account : portfolio.accounts()) {
            JsonNode view = views.get(account.id());
            String quadrant = view.path("quadrant").path("current").asText();
            perQuadrant.merge(quadrant, 1, Integer::sum);
            if (!quadrant.equals(account.quadrantId())) {
                off.add(account.id() + " in " + quadrant + " (meant for " + account.quadrantId() + ")");
            }
            if (view.path("flags").path("satisfactionTrap").asBoolean()) {
                traps.add(account.id());
            }
        }
        List<String> churnedInactive = new ArrayList<>();
        for (DemoData.DemoAccount account : portfolio.churned()) {
            Reply reply = call("GET", segmentationUrl + "/accounts/" + encode(account.id()), null);
            if (reply.status() != 200) {
                throw reply.failure("reading churned account " + account.id());
            }
            if (reply.body().path("arr").decimalValue().signum() == 0 && !reply.body().path("active").asBoolean(true)) {
                churnedInactive.add(account.id());
            }
        }
        Set<String> demoIds = portfolio.all().stream().map(DemoData.DemoAccount::id).collect(Collectors.toSet());
        int silentAccounts = 0;
        List<String> silentDemo = new ArrayList<>();
        for (int page = 0; ; page++) {
            Reply silent = call("GET", segmentationUrl + "/audit/silent?size=1000&page=" + page, null);
            if (silent.status() != 200) {
                throw silent.failure("the silent-customer audit");
            }
            silentAccounts = silent.body().path("silentAccounts").asInt();
            JsonNode rows = silent.body().path("accounts");
            rows.forEach(row -> {
                if (demoIds.contains(row.path("accountId").asText())) {
                    silentDemo.add(row.path("accountId").asText());
                }
            });
            if (rows.size() < 1000) {
                break;
            }
        }
        Reply kpis = call("GET", segmentationUrl + "/portfolio/kpis", null);
        if (kpis.status() != 200) {
            throw kpis.failure("the portfolio KPIs");
        }
        JsonNode retention = kpis.body().path("retention");
        return new Summary(portfolio.accounts().size(), portfolio.churned().size(), crmCreated, crmKnown, recorded, existing,
                accepted, arrChangeEvents, settledIn, perQuadrant, off, traps, churnedInactive, silentAccounts, silentDemo,
                pilotId, pilotStarted, cohort, decimal(retention.path("nrr")), decimal(retention.path("grr")),
                decimal(kpis.body().path("arrAtStart")), decimal(kpis.body().path("arrAtEnd")));
    }

    private Map<String, JsonNode> awaitSettled(DemoData.Portfolio portfolio, List<DemoData.DemoEvent> arrChanges) {
        long deadline = System.nanoTime() + settleTimeout.toNanos();
        Map<String, Long> previousVersions = null;
        Set<String> arrChangesSeen = new HashSet<>();
        List<String> problems = List.of();
        while (true) {
            Map<String, JsonNode> views = new HashMap<>();
            Map<String, Long> versions = new HashMap<>();
            List<String> waiting = new ArrayList<>();
            for (DemoData.DemoAccount account : portfolio.accounts()) {
                Reply reply = call("GET", segmentationUrl + "/accounts/" + encode(account.id()), null);
                if (reply.status() == 404) {
                    waiting.add(account.id() + ": not known to segmentation yet");
                    continue;
                }
                if (reply.status() != 200) {
                    throw reply.failure("reading account " + account.id());
                }
                JsonNode view = reply.body();
                views.put(account.id(), view);
                versions.put(account.id(), view.path("health").path("version").asLong(-1));
                String signals = differences(account.expectedSignals(), view.path("signals"));
                if (view.path("quadrant").path("current").isMissingNode() || view.path("quadrant").path("current").isNull()) {
                    waiting.add(account.id() + ": no quadrant yet");
                } else if (!signals.isEmpty()) {
                    waiting.add(account.id() + ": signals " + signals);
                }
            }
            for (DemoData.DemoEvent event : arrChanges) {
                if (!arrChangesSeen.contains(event.id())) {
                    Reply reply = call("GET", segmentationUrl + "/accounts/" + encode(event.accountId()) + "/arr-movements", null);
                    boolean seen = reply.status() == 200 && java.util.stream.StreamSupport.stream(reply.body().spliterator(), false)
                            .anyMatch(m -> event.id().equals(m.path("sourceRef").asText()));
                    if (seen) {
                        arrChangesSeen.add(event.id());
                    } else {
                        waiting.add(event.accountId() + ": ARR change " + event.id() + " not recorded yet");
                    }
                }
            }
            if (waiting.isEmpty() && versions.equals(previousVersions)) {
                return views;
            }
            previousVersions = waiting.isEmpty() ? versions : null;
            problems = waiting;
            if (System.nanoTime() > deadline) {
                throw new LoadFailure("segmentation-service did not settle within " + settleTimeout.toSeconds() + " s; "
                        + (problems.isEmpty() ? "scores were still changing" : problems.size() + " waiting, e.g. "
                        + String.join("; ", problems.subList(0, Math.min(5, problems.size())))));
            }
            sleep(POLL);
        }
    }

    /** Until every account shows a health score, at most {@link #FIRST_SCORES_TIMEOUT}; then on regardless. */
    private void awaitFirstScores(List<DemoData.DemoAccount> accounts) {
        long deadline = System.nanoTime() + FIRST_SCORES_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            boolean all = true;
            for (DemoData.DemoAccount account : accounts) {
                Reply reply = call("GET", segmentationUrl + "/accounts/" + encode(account.id()), null);
                if (reply.status() != 200 || reply.body().path("health").isNull() || reply.body().path("health").isMissingNode()) {
                    all = false;
                    break;
                }
            }
            if (all) {
                return;
            }
            sleep(Duration.ofMillis(500));
        }
    }

    /** Where the published signals differ from what the demo's events make; empty when they agree. */
    private static String differences(DemoData.Signals expected, JsonNode signals) {
        if (signals.isMissingNode() || signals.isNull()) {
            return "none published yet";
        }
        List<String> out = new ArrayList<>();
        compare(out, "activeDays30", expected.activeDays30(), signals);
        compare(out, "activeDaysPrevious30", expected.activeDaysPrevious30(), signals);
        compare(out, "inboundContacts90", expected.inboundContacts90(), signals);
        compare(out, "outboundContacts90", expected.outboundContacts90(), signals);
        compare(out, "lastNps", expected.lastNps(), signals);
        return String.join(", ", out);
    }

    private static void compare(List<String> out, String field, Integer expected, JsonNode signals) {
        JsonNode actual = signals.path(field);
        Integer value = actual.isNumber() ? actual.asInt() : null;
        if (!Objects.equals(expected, value)) {
            out.add(field + " " + value + " (expected " + expected + ")");
        }
    }

    private static Map<String, Object> crmRecord(DemoData.DemoAccount account) {
        DemoData.Crm crm = account.crm();
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("id", account.id());
        record.put("name", crm.name());
        record.put("industry", crm.industry());
        record.put("planTier", crm.planTier());
        record.put("entitledFeatures", crm.entitledFeatures());
        record.put("arr", crm.arr());
        record.put("currency", crm.currency());
        record.put("contractStart", crm.contractStart());
        record.put("renewalDate", crm.renewalDate());
        record.put("owner", crm.owner());
        record.put("arrEffectiveDate", crm.arrEffectiveDate());
        return record;
    }

    /** An admin's token: training a churn model is an admin's call; without it the demo trains none. */
    public static final String ADMIN_TOKEN_VARIABLE = "RETENTION_ADMIN_TOKEN";

    /**
     * Trains the first churn model from the history just loaded (unless one exists: loading again changes nothing) and
     * says how it did and how many demo accounts show a churn risk. Returns the line to print.
     */
    public String churnModel(DemoData.Portfolio portfolio, String adminToken) {
        if (adminToken == null || adminToken.isBlank()) {
            return "[demo] churn model: not trained (no " + ADMIN_TOKEN_VARIABLE + ")";
        }
        Credentials admin = new Credentials(credentials.ingestKey(), adminToken);
        DemoDataLoader asAdmin = new DemoDataLoader(scoringUrl, segmentationUrl, settleTimeout, admin);
        Reply models = asAdmin.call("GET", scoringUrl + "/churn/models", null);
        String what;
        if (models.status() == 200 && models.body().size() > 0) {
            what = "v" + models.body().get(0).path("version").asLong() + " already trained (" + models.body().get(0)
                    .path("status").asText() + ")";
        } else {
            Reply trained = asAdmin.call("POST", scoringUrl + "/churn/models", Map.of("months", 12));
            if (trained.status() != 201) {
                return "[demo] churn model: not trained: " + trained.status() + " " + abbreviated(trained.text());
            }
            JsonNode model = trained.body().path("model");
            what = "v" + model.path("version").asLong() + " (" + model.path("status").asText() + ") trained on "
                    + model.path("backtest").path("rows").asInt() + " snapshots, " + model.path("backtest").path("churned").asInt()
                    + " churned; " + model.path("backtest").path("verdict").asText().replaceAll("\\.$", "");
        }
        int withRisk = 0;
        for (DemoData.DemoAccount account : portfolio.all()) {
            Reply risk = call("GET", scoringUrl + "/accounts/" + encode(account.id()) + "/churn-risk", null);
            withRisk += risk.status() == 200 && risk.body().path("churnRisk").isObject() ? 1 : 0;
        }
        return "[demo] churn model " + what + "; churn risk on " + withRisk + " of " + portfolio.all().size() + " accounts";
    }

    private record Reply(String what, int status, JsonNode body, String text) {
        LoadFailure failure(String doing) {
            return new LoadFailure(doing + ": " + what + " answered " + status + " " + abbreviated(text));
        }
    }

    private Reply call(String method, String url, Object body) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                    .header("Accept", "application/json");
            credentials.authorizationFor(url).ifPresent(value -> request.header("Authorization", value));
            if (body == null) {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            } else {
                request.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body)));
            }
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode parsed;
            try {
                parsed = response.body().isBlank() ? json.nullNode() : json.readTree(response.body());
            } catch (IOException notJson) {
                parsed = json.nullNode();
            }
            return new Reply(method + " " + url, response.statusCode(), parsed, response.body());
        } catch (IOException e) {
            throw new LoadFailure(method + " " + url + " failed (" + e + "); is the service running?");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LoadFailure("interrupted during " + method + " " + url);
        }
    }

    private static BigDecimal decimal(JsonNode node) {
        return node.isNumber() ? node.decimalValue() : null;
    }

    private static String abbreviated(String text) {
        return text == null ? "" : text.length() > 600 ? text.substring(0, 600) + "..." : text;
    }

    private static String encode(String id) {
        return URLEncoder.encode(id, StandardCharsets.UTF_8);
    }

    private static String trimSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LoadFailure("interrupted while waiting for segmentation-service");
        }
    }
}

package io.retentionplatform.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.retentionplatform.infra.demo.DemoData;
import io.retentionplatform.support.security.Roles;
import io.retentionplatform.support.testing.TestTokens;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The GraphQL API over the running services with the demo portfolio loaded through their APIs (real Kafka, PostgreSQL
 * and MongoDB wire server): every query, mutation and subscription on seeded accounts, the batching bound, the role
 * checks, the query limits, and (last, because it takes nurture-service down) the partial result when a service fails.
 */
@QuarkusTest
@QuarkusTestResource(value = ServiceProcesses.class, restrictToAnnotatedClass = true)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GraphQLApiEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static DemoData.Portfolio demo;

    @ConfigProperty(name = ServiceProcesses.SCORING_URL)
    String scoringUrl;

    @ConfigProperty(name = ServiceProcesses.SEGMENTATION_URL)
    String segmentationUrl;

    @ConfigProperty(name = ServiceProcesses.NURTURE_URL)
    String nurtureUrl;

    @TestHTTPResource("/graphql")
    URI graphqlUrl;

    @Inject
    MeterRegistry meters;

    @BeforeAll
    static void signIn() {
        TestTokens.signInAsOperator();
    }

    @AfterAll
    static void signOut() {
        TestTokens.signOut();
    }

    /** The demo portfolio, loaded once (ids of its own: the test databases are shared with other test classes). */
    private DemoData.Portfolio demo() {
        if (demo == null) {
            demo = DemoPortfolios.load(scoringUrl, segmentationUrl, DemoPortfolios.prefix("gq"));
        }
        return demo;
    }

    // --- queries ------------------------------------------------------------------------------------------

    @Test
    @Order(1)
    void accountCarriesCrmHealthQuadrantFlagsSegmentsAndEligibility() {
        DemoData.DemoAccount silent = demo().accounts().stream().filter(a -> "silent_satisfieds".equals(a.quadrantId()))
                .findFirst().orElseThrow();
        JsonPath answer = ok(graphQL("""
                { account(id: "%s") { id name industry planTier arr currency renewalDate owner active
                    health { score band adoption support engagement trendDirection explanation version
                             components { name value weight contribution } history { at score band } detail { summary } }
                    engagementScore valueRealization { planTier entitledFeatures }
                    quadrant { current since reason } quadrantHistory { segmentId enteredAt }
                    flags { satisfactionTrap premiumPaysBasicUse }
                    signals { activeDays30 inboundContacts90 daysSinceHumanContact }
                    segments { segmentId kind } expansion { eligible plays reasons } nurture { cadenceId status }
                    churnRisk { probability band modelVersion drivers { feature effect text } }
                    events(size: 5) { id type occurredAt } } }""".formatted(silent.id())));
        JsonPath segmentationView = given().baseUri(segmentationUrl).get("/accounts/{id}", silent.id()).then().statusCode(200)
                .extract().jsonPath();

        assertThat(answer.getString("data.account.name")).isEqualTo(silent.crm().name());
        assertThat(answer.getString("data.account.industry")).isEqualTo(silent.crm().industry());
        assertThat(new BigDecimal(answer.getString("data.account.arr"))).isEqualByComparingTo(segmentationView.getString("arr"));
        assertThat(answer.getString("data.account.quadrant.current")).isEqualTo("silent_satisfieds");
        assertThat(answer.getInt("data.account.health.score")).isEqualTo(segmentationView.getInt("health.score"));
        assertThat(answer.getList("data.account.health.components.name")).contains("adoption", "support", "engagement");
        double contributions = answer.getList("data.account.health.components.contribution", Float.class).stream()
                .mapToDouble(Float::doubleValue).sum();
        assertThat(contributions).as("the components' contributions add up to the score")
                .isCloseTo(answer.getInt("data.account.health.score"), org.assertj.core.data.Offset.offset(1.5));
        assertThat(answer.getList("data.account.health.history")).isNotEmpty();
        assertThat(answer.getString("data.account.health.detail.summary")).isNotBlank();
        assertThat(answer.getInt("data.account.engagementScore")).isEqualTo(segmentationView.getInt("health.engagementScore30"));
        assertThat(answer.getList("data.account.segments.segmentId")).contains("quadrant:silent_satisfieds");
        assertThat(answer.getList("data.account.quadrantHistory.segmentId")).contains("quadrant:silent_satisfieds");
        assertThat(answer.getList("data.account.events")).hasSize(5);
        assertThat(answer.getMap("data.account.expansion")).containsKey("eligible");
        assertThat(answer.getList("data.account.expansion.reasons")).isNotEmpty();
        // The churn risk scoring-service serves, with drivers in plain English.
        JsonPath risk = given().baseUri(scoringUrl).get("/accounts/{id}/churn-risk", silent.id()).then().statusCode(200)
                .extract().jsonPath();
        assertThat(answer.getDouble("data.account.churnRisk.probability")).isBetween(0.0, 1.0)
                .isEqualTo(risk.getDouble("churnRisk.probability"));
        assertThat(answer.getString("data.account.churnRisk.band")).isIn("low", "medium", "high");
        assertThat(answer.getList("data.account.churnRisk.drivers.text", String.class)).isNotEmpty()
                .allSatisfy(text -> assertThat(text).matches("[+-]\\d\\.\\d\\d .+"));
    }

    @Test
    @Order(2)
    void accountsFilterSortAndPageWithCursors() {
        demo();
        Set<String> silentIds = new HashSet<>();
        demo.accounts().stream().filter(a -> "silent_satisfieds".equals(a.quadrantId())).forEach(a -> silentIds.add(a.id()));

        // Every page of the Silent Satisfieds, 7 at a time: no account twice, every demo one among them.
        List<String> seen = new ArrayList<>();
        String after = null;
        for (int pages = 0; pages < 100; pages++) {
            JsonPath page = ok(graphQL("{ accounts(filter: {quadrant: SILENT_SATISFIEDS}, first: 7" + (after == null ? "" : ", after: \""
                    + after + "\"") + ") { edges { cursor node { id quadrant { current } } } pageInfo { hasNextPage endCursor } } }"));
            List<String> quadrants = page.getList("data.accounts.edges.node.quadrant.current");
            assertThat(quadrants).containsOnly("silent_satisfieds");
            seen.addAll(page.getList("data.accounts.edges.node.id"));
            if (!page.getBoolean("data.accounts.pageInfo.hasNextPage")) {
                break;
            }
            after = page.getString("data.accounts.pageInfo.endCursor");
        }
        assertThat(seen).doesNotHaveDuplicates().containsAll(silentIds);

        // Sorted by ARR, largest first.
        List<String> arrs = ok(graphQL("{ accounts(sort: ARR, descending: true, first: 30) { nodes { arr } } }"))
                .getList("data.accounts.nodes.arr", String.class);
        List<BigDecimal> values = arrs.stream().filter(java.util.Objects::nonNull).map(BigDecimal::new).toList();
        for (int i = 1; i < values.size(); i++) {
            assertThat(values.get(i)).as("ARR order at " + i).isLessThanOrEqualTo(values.get(i - 1));
        }

        // Satisfaction traps, silent 30+ days, in a band: every filter is applied.
        JsonPath traps = ok(graphQL("{ accounts(filter: {satisfactionTrap: true, minSilentDays: 30}, first: 200) "
                + "{ nodes { id flags { satisfactionTrap } signals { daysSinceHumanContact } } } }"));
        assertThat(traps.getList("data.accounts.nodes")).isNotEmpty();
        assertThat(traps.getList("data.accounts.nodes.flags.satisfactionTrap")).containsOnly(true);
        List<Integer> silentDays = traps.getList("data.accounts.nodes.signals.daysSinceHumanContact");
        assertThat(silentDays).allSatisfy(d -> assertThat(d == null || d >= 30).isTrue());
        JsonPath atRisk = ok(graphQL("{ accounts(filter: {band: AT_RISK}, first: 200) { nodes { health { band } } } }"));
        assertThat(atRisk.getList("data.accounts.nodes.health.band")).isNotEmpty().containsOnly("at_risk");
        JsonPath segment = ok(graphQL("{ accounts(filter: {segment: \"quadrant:active_advocates\"}, first: 200) "
                + "{ nodes { quadrant { current } } } }"));
        assertThat(segment.getList("data.accounts.nodes.quadrant.current")).isNotEmpty().containsOnly("active_advocates");

        // Eligibility is nurture's decision, kept by segmentation from the expansion-eligibility topic: the filter lists
        // exactly the accounts nurture calls eligible (once the decisions have arrived).
        JsonPath eligible = await("eligible accounts listed").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                .until(() -> graphQL("{ accounts(filter: {expansionEligible: true}, first: 200) { nodes { id expansion { eligible } } } }"),
                        page -> !page.getList("data.accounts.nodes").isEmpty());
        assertThat(eligible.getList("data.accounts.nodes.expansion.eligible")).containsOnly(true);
        JsonPath notEligible = ok(graphQL("{ accounts(filter: {expansionEligible: false}, first: 200) { nodes { expansion { eligible } } } }"));
        assertThat(notEligible.getList("data.accounts.nodes.expansion.eligible")).isNotEmpty().containsOnly(false);

        // A cursor this API did not give out, an out-of-range page: coded errors.
        assertThat(code(graphQL("{ accounts(after: \"bm9wZQ\") { nodes { id } } }"))).isEqualTo("INVALID_ARGUMENT");
        assertThat(code(graphQL("{ accounts(first: 201) { nodes { id } } }"))).isEqualTo("INVALID_ARGUMENT");
    }

    @Test
    @Order(3)
    void aPageOfAccountsCostsTheSameFewServiceCallsWhateverItsSize() {
        demo();
        // At least 50 accounts besides the demo's: CRM records only (no score yet), as a new customer's arrive.
        List<Map<String, Object>> more = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            more.add(Map.of("id", "gq-crm-" + UUID.randomUUID().toString().substring(0, 8), "name", "Crm Only " + i,
                    "industry", "saas", "planTier", "basic", "arr", 1000 + i, "currency", "EUR"));
        }
        given().baseUri(segmentationUrl).contentType(ContentType.JSON).body(Map.of("accounts", more))
                .post("/accounts/batch").then().statusCode(200);
        String fields = "edges { node { id name arr health { score band components { name contribution } } quadrant { current } "
                + "flags { satisfactionTrap } segments { segmentId } expansion { eligible plays } } }";
        // Scored accounts first (the rest have no health, so no components to ask for).
        graphQL("{ accounts(first: 5, sort: HEALTH, descending: true) { " + fields + " } }"); // warm: connections
        double before = downstreamCalls();
        JsonPath fifty = ok(graphQL("{ accounts(first: 50, sort: HEALTH, descending: true) { " + fields + " } }"));
        double forFifty = downstreamCalls() - before;
        before = downstreamCalls();
        ok(graphQL("{ accounts(first: 10, sort: HEALTH, descending: true) { " + fields + " } }"));
        double forTen = downstreamCalls() - before;

        assertThat(fifty.getList("data.accounts.edges")).hasSize(50);
        assertThat(fifty.getList("data.accounts.edges.node.expansion.eligible")).doesNotContainNull();
        // The page, the segments, the eligibility, the health components: one call each.
        assertThat(forFifty).as("service calls for a page of 50 accounts").isEqualTo(4);
        assertThat(forTen).as("service calls for a page of 10 accounts").isEqualTo(forFifty);
    }

    @Test
    @Order(4)
    void portfolioRetentionHistorySilentAuditAndEconomics() {
        demo();
        JsonPath answer = ok(graphQL("""
                { portfolio { from to arrAtEnd retention { nrr grr expansionRate } health { healthy watch atRisk unknown }
                              quadrants { quadrant accounts arr } industries { industry benchmarkLow benchmarkHigh verdict }
                              timeToValue { reached medianDays } advocacy { rate } }
                  retentionHistory(months: 3) { to nrr grr }
                  silentAudit { silentDays silentAccounts cohortSize accounts { accountId rank inPilotCohort } pilots { pilotId verdict } }
                  economics { portfolio { customers baseArr leak { annualLeak } budget { minimum maximum } fiveYears { years { year customers } } }
                              scenarios { scenarios { yearlyRetention years { year customers revenue } } cumulativeDifference }
                              leak(customers: 100, monthlyChurn: 0.02, averageAnnualRevenue: 10000) { annualLeak yearlyRetention }
                              budget(baseArr: 1000000) { minimum maximum } } }"""));
        JsonPath kpis = given().baseUri(segmentationUrl).get("/portfolio/kpis").then().statusCode(200).extract().jsonPath();
        assertThat(answer.getString("data.portfolio.retention.nrr")).isEqualTo(kpis.getString("retention.nrr"));
        assertThat(answer.getInt("data.portfolio.health.healthy")).isEqualTo(kpis.getInt("health.healthy"));
        assertThat(answer.getList("data.portfolio.quadrants")).hasSize(4);
        assertThat(answer.getList("data.retentionHistory")).hasSize(3);

        int cohort = answer.getInt("data.silentAudit.cohortSize");
        List<Map<String, Object>> silent = answer.getList("data.silentAudit.accounts");
        assertThat(cohort).isPositive();
        assertThat(silent).allSatisfy(a -> assertThat(a.get("inPilotCohort"))
                .isEqualTo(((Number) a.get("rank")).intValue() <= cohort));
        assertThat(answer.getList("data.silentAudit.pilots")).isNotEmpty();

        JsonPath scenarios = given().baseUri(segmentationUrl).get("/economics/scenarios").then().statusCode(200).extract().jsonPath();
        assertThat(answer.getString("data.economics.scenarios.cumulativeDifference"))
                .isEqualTo(scenarios.getString("cumulativeDifference"));
        assertThat(answer.getList("data.economics.scenarios.scenarios.yearlyRetention", String.class))
                .containsExactlyElementsOf(scenarios.getList("scenarios.yearlyRetention", String.class));
        assertThat(new BigDecimal(answer.getString("data.economics.budget.minimum"))).isEqualByComparingTo("50000");
        assertThat(new BigDecimal(answer.getString("data.economics.budget.maximum"))).isEqualByComparingTo("80000");
        assertThat(answer.getString("data.economics.leak.annualLeak")).isNotBlank();
        assertThat(answer.getInt("data.economics.portfolio.customers")).isPositive();
    }

    // --- mutations and roles ---------------------------------------------------------------------------------

    @Test
    @Order(5)
    void mutationsActThroughTheOwningServiceAndTheTokenDecides() {
        DemoData.DemoAccount account = demo().accounts().get(0);
        String manager = TestTokens.bearer(Roles.MANAGER);
        String viewer = TestTokens.bearer(Roles.VIEWER);
        String segmentId = "gq-" + UUID.randomUUID().toString().substring(0, 8);
        String create = """
                mutation { createSegment(segment: {id: "%s", name: "Big silent", rule: "{\\"and\\":[{\\"field\\":\\"arr\\",\\"op\\":\\"gte\\",\\"value\\":1}]}"})
                  { segmentId name version ruleText } }""".formatted(segmentId);

        // A viewer may read but not change.
        assertThat(code(graphQL(create, viewer))).isEqualTo("forbidden");
        assertThat(code(graphQL("{ accounts(first: 1) { nodes { id } } }", ""))).isEqualTo("unauthorized");

        JsonPath created = ok(graphQL(create, manager));
        String createdId = created.getString("data.createSegment.segmentId");
        assertThat(createdId).isEqualTo("rule:" + segmentId);
        JsonPath edited = ok(graphQL("""
                mutation { editSegment(id: "%s", segment: {name: "Bigger", rule: "{\\"and\\":[{\\"field\\":\\"arr\\",\\"op\\":\\"gte\\",\\"value\\":2}]}"})
                  { segmentId name version } }""".formatted(createdId), manager));
        assertThat(edited.getString("data.editSegment.name")).isEqualTo("Bigger");
        assertThat(edited.getLong("data.editSegment.version")).isGreaterThan(created.getLong("data.createSegment.version"));
        assertThat(ok(graphQL("{ segments { segmentId } }")).getList("data.segments.segmentId")).contains(createdId);
        // A rule that is not JSON, a rule the service refuses: INVALID_ARGUMENT, nothing created.
        assertThat(code(graphQL("mutation { createSegment(segment: {name: \"x\", rule: \"{nope\"}) { segmentId } }", manager)))
                .isEqualTo("INVALID_ARGUMENT");
        assertThat(code(graphQL("mutation { createSegment(segment: {name: \"x\", rule: \"{\\\"and\\\":[{\\\"field\\\":\\\"nope\\\"}]}\"}) "
                + "{ segmentId } }", manager))).isEqualTo("INVALID_ARGUMENT");

        // Enroll by hand, then stop; the second enrollment in a running cadence is a conflict.
        List<String> running = given().baseUri(nurtureUrl).get("/accounts/{id}/enrollments", account.id()).then().statusCode(200)
                .extract().jsonPath().getList("cadenceId");
        String cadence = given().baseUri(nurtureUrl).get("/cadences").then().statusCode(200).extract().jsonPath()
                .<String>getList("cadenceId").stream().filter(c -> !running.contains(c)).findFirst().orElseThrow();
        JsonPath enrolled = ok(graphQL("mutation { enrollAccount(accountId: \"%s\", cadenceId: \"%s\") { enrollmentId status cadenceId } }"
                .formatted(account.id(), cadence), manager));
        long enrollmentId = enrolled.getLong("data.enrollAccount.enrollmentId");
        assertThat(code(graphQL("mutation { enrollAccount(accountId: \"%s\", cadenceId: \"%s\") { enrollmentId } }"
                .formatted(account.id(), cadence), manager))).isEqualTo("CONFLICT");
        JsonPath stopped = ok(graphQL("mutation { stopEnrollment(enrollmentId: %d, reason: \"test\") { status endReason } }"
                .formatted(enrollmentId), manager));
        assertThat(stopped.getString("data.stopEnrollment.status")).isEqualTo("exited");
        assertThat(stopped.getString("data.stopEnrollment.endReason")).isEqualTo("manual stop: test");
        assertThat(ok(graphQL("{ account(id: \"%s\") { nurture { enrollmentId status } } }".formatted(account.id())))
                .getList("data.account.nurture.enrollmentId", Long.class)).contains(enrollmentId);

        // A pilot from the dashboard.
        JsonPath pilot = ok(graphQL("mutation { startSilentAuditPilot { pilotId cohortSize expectedLow expectedHigh verdict } }", manager));
        assertThat(pilot.getInt("data.startSilentAuditPilot.cohortSize")).isPositive();
        assertThat(new BigDecimal(pilot.getString("data.startSilentAuditPilot.expectedLow"))).isEqualByComparingTo("0.15");
        assertThat(new BigDecimal(pilot.getString("data.startSilentAuditPilot.expectedHigh"))).isEqualByComparingTo("0.25");

        // The health model's weights: admin only.
        String weights = "mutation { changeHealthModelWeights(weights: {adoption: 0.4, support: 0.3, engagement: 0.2, survey: 0.1}) "
                + "{ version adoptionWeight } }";
        assertThat(code(graphQL(weights, manager))).isEqualTo("forbidden");
        long before = ok(graphQL("{ healthModel { version } }")).getLong("data.healthModel.version");
        JsonPath unbalanced = graphQL("mutation { changeHealthModelWeights(weights: {adoption: 0.5, support: 0.3, engagement: 0.3}) "
                + "{ version } }", TestTokens.bearer(Roles.ADMIN));
        assertThat(code(unbalanced)).isEqualTo("INVALID_ARGUMENT");
        assertThat(unbalanced.getString("errors[0].message")).contains("weights");
        assertThat(ok(graphQL("{ healthModel { version } }")).getLong("data.healthModel.version")).as("nothing changed")
                .isEqualTo(before);
        JsonPath changed = ok(graphQL(weights, TestTokens.bearer(Roles.ADMIN)));
        assertThat(changed.getDouble("data.changeHealthModelWeights.adoptionWeight")).isEqualTo(0.4);
        assertThat(changed.getLong("data.changeHealthModelWeights.version")).isGreaterThan(before);
    }

    @Test
    @Order(6)
    void queriesBeyondTheLimitsAreRefusedBeforeTheyRun() {
        StringBuilder deep = new StringBuilder("{ __schema { types { fields { type ");
        for (int i = 0; i < 16; i++) {
            deep.append("{ ofType ");
        }
        deep.append("{ name }");
        deep.append(" }".repeat(16)).append(" } } } }");
        JsonPath refused = graphQL(deep.toString());
        assertThat(refused.getList("errors")).isNotEmpty();
        assertThat(refused.getString("errors[0].message")).containsIgnoringCase("depth");
        assertThat(refused.getMap("data")).isNull();
    }

    // --- subscriptions ----------------------------------------------------------------------------------------

    @Test
    @Order(7)
    void healthChangedArrivesOverGraphqlTransportWsForTheAccountAskedFor() throws Exception {
        DemoData.DemoAccount account = demo().accounts().get(3);
        DemoData.DemoAccount other = demo().accounts().get(4);
        List<JsonNode> received = new CopyOnWriteArrayList<>();
        WebSocket socket = subscribe("subscription { healthChanged(accountId: \"" + account.id() + "\") { accountId score version } }",
                received, TestTokens.bearer(Roles.VIEWER));
        try {
            await("connection_ack").atMost(Duration.ofSeconds(10)).until(() -> received.stream()
                    .anyMatch(m -> m.path("type").asText().equals("connection_ack")));
            Thread.sleep(1000); // the subscription is registered after the ack; the live consumer is at the newest offset
            postEvent(other.id());
            postEvent(account.id());
            JsonNode next = await("healthChanged for " + account.id()).atMost(Duration.ofSeconds(60))
                    .until(() -> received.stream().filter(m -> m.path("type").asText().equals("next")).findFirst()
                            .orElse(null), java.util.Objects::nonNull);
            assertThat(next.at("/payload/data/healthChanged/accountId").asText()).isEqualTo(account.id());
            Thread.sleep(2000);
            assertThat(received.stream().filter(m -> m.path("type").asText().equals("next"))
                    .map(m -> m.at("/payload/data/healthChanged/accountId").asText()))
                    .as("only the account subscribed to").containsOnly(account.id());
        } finally {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(5, TimeUnit.SECONDS);
        }

        // Without a token the subscription is refused.
        List<JsonNode> refused = new CopyOnWriteArrayList<>();
        WebSocket anonymous = subscribe("subscription { healthChanged { accountId } }", refused, null);
        try {
            JsonNode error = await("refusal").atMost(Duration.ofSeconds(10)).until(() -> refused.stream()
                    .filter(m -> m.path("type").asText().equals("error") || m.path("type").asText().equals("next")
                            && m.at("/payload/errors").isArray()).findFirst().orElse(null), java.util.Objects::nonNull);
            assertThat(error.toString()).containsIgnoringCase("unauthorized");
        } finally {
            anonymous.abort();
        }
    }

    // --- a service down ---------------------------------------------------------------------------------------

    @Test
    @Order(100)
    void withNurtureDownAListIsAPartialResultWithACodedError() throws Exception {
        demo();
        ServiceProcesses.kill("nurture-service");
        JsonPath answer = graphQL("{ accounts(first: 5) { nodes { id health { score } expansion { eligible } } } }");

        assertThat(answer.getList("data.accounts.nodes.id")).hasSize(5).doesNotContainNull();
        assertThat(answer.getList("data.accounts.nodes.health")).isNotEmpty();
        assertThat(answer.getList("errors.extensions.code", String.class)).isNotEmpty().containsOnly("UPSTREAM_UNAVAILABLE");
        assertThat(answer.getString("errors[0].message")).contains("nurture-service");
        assertThat(answer.getString("errors[0].path")).contains("expansion");
    }

    // --- helpers -------------------------------------------------------------------------------------------------

    private double downstreamCalls() {
        return meters.find("gateway.downstream.calls").counters().stream().mapToDouble(Counter::count).sum();
    }

    private void postEvent(String accountId) {
        given().baseUri(scoringUrl).contentType(ContentType.JSON)
                .body(Map.of("id", "evt-" + UUID.randomUUID(), "accountId", accountId, "type", "usage.feature_used",
                        "occurredAt", Instant.now().toString(), "attributes", Map.of("feature", "reports")))
                .post("/events").then().statusCode(202);
    }

    private WebSocket subscribe(String query, List<JsonNode> received, String authorization) throws Exception {
        URI ws = URI.create(graphqlUrl.toString().replaceFirst("^http", "ws"));
        WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder().subprotocols("graphql-transport-ws")
                .buildAsync(ws, new WebSocket.Listener() {
                    private final StringBuilder text = new StringBuilder();

                    @Override
                    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                        text.append(data);
                        if (last) {
                            try {
                                received.add(JSON.readTree(text.toString()));
                            } catch (Exception unreadable) {
                                throw new IllegalStateException(unreadable);
                            }
                            text.setLength(0);
                        }
                        webSocket.request(1);
                        return null;
                    }
                }).get(10, TimeUnit.SECONDS);
        Map<String, Object> init = authorization == null ? Map.of("type", "connection_init")
                : Map.of("type", "connection_init", "payload", Map.of("Authorization", authorization));
        socket.sendText(JSON.writeValueAsString(init), true).get(5, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(10)).until(() -> !received.isEmpty());
        socket.sendText(JSON.writeValueAsString(Map.of("id", "1", "type", "subscribe", "payload", Map.of("query", query))), true)
                .get(5, TimeUnit.SECONDS);
        return socket;
    }

    private static JsonPath ok(JsonPath answer) {
        assertThat(answer.getList("errors")).as("errors of " + answer.prettify()).isNullOrEmpty();
        return answer;
    }

    private static String code(JsonPath answer) {
        assertThat(answer.getList("errors")).as("errors").isNotEmpty();
        return answer.getString("errors[0].extensions.code");
    }

    static JsonPath graphQL(String query) {
        return EventToGraphQLEndToEndTest.graphQL(query);
    }

    static JsonPath graphQL(String query, String authorization) {
        return EventToGraphQLEndToEndTest.graphQL(query, authorization);
    }
}

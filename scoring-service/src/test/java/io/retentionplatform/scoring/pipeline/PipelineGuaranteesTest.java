package io.retentionplatform.scoring.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import io.quarkus.mongodb.reactive.ReactiveMongoClient;
import io.quarkus.test.junit.QuarkusTest;
import io.retentionplatform.contracts.EngagementEventMessage;
import io.retentionplatform.contracts.Topics;
import io.retentionplatform.scoring.events.EventStore;
import io.retentionplatform.scoring.model.HealthModelRegistry;
import io.retentionplatform.scoring.scoring.DailyRescore;
import io.retentionplatform.scoring.scoring.JobClaims;
import io.retentionplatform.scoring.state.AccountState;
import io.retentionplatform.scoring.state.AccountStateStore;
import io.retentionplatform.scoring.state.StateConflictException;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.bson.Document;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The pipeline's guarantees over the real broker and MongoDB wire server: an event is folded once however late it is
 * delivered again, an event folded but not stored (a crash in between) is stored and not folded again, a stale save
 * loses, only poison is dead-lettered, jobs are claimed once, a model written by another instance is picked up.
 */
@QuarkusTest
class PipelineGuaranteesTest {

    @Inject
    AccountStateStore states;
    @Inject
    EventStore events;
    @Inject
    JobClaims claims;
    @Inject
    HealthModelRegistry models;
    @Inject
    DailyRescore daily;
    @Inject
    ReactiveMongoClient mongo;
    @Inject
    ObjectMapper json;
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;
    @ConfigProperty(name = "quarkus.mongodb.database")
    String database;

    KafkaCompanion kafka;

    @BeforeEach
    void connect() {
        kafka = new KafkaCompanion(bootstrap);
        kafka.registerSerde(String.class, Serdes.String());
    }

    @AfterEach
    void close() {
        kafka.close();
    }

    @Test
    void anEventDeliveredAgainLongAfterIsNeverFoldedTwiceAndAReplayOfTheTopicChangesNoCount() {
        String account = "acct-" + UUID.randomUUID();
        Instant at = Instant.now().minus(1, ChronoUnit.HOURS);
        List<String> first = new ArrayList<>();
        for (int i = 0; i < 2_500; i++) {
            first.add(event(id(), account, "usage.login", at, Map.of()));
        }
        produce(account, first);
        produce(account, List.of(first.get(0)));   // far older than any window of recent ids
        produce(account, first);                    // the whole history again, as after an offset reset
        String marker = event(id(), account, "contact.call", at, Map.of("direction", "inbound"));
        produce(account, List.of(marker));

        // The marker comes after everything else in the account's partition: once it counts, all before it were seen.
        AccountState state = awaitFolded(account, 2_501);
        assertThat(state.eventsFolded()).isEqualTo(2_501);
        assertThat(state.eventsFoldedByType()).containsEntry("usage.login", 2_500L).containsEntry("contact.call", 1L);
        // The state is saved before its batch's events are stored: the store catches up right after.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(storedCount(account)).isEqualTo(2_501));
    }

    @Test
    void anEventFoldedInButNotStoredBeforeACrashIsStoredOnRedeliveryAndNotFoldedAgain() throws Exception {
        String account = "acct-" + UUID.randomUUID();
        Instant at = Instant.now().minus(1, ChronoUnit.HOURS);
        String eventId = id();
        String record = event(eventId, account, "usage.login", at, Map.of());
        // What a crash between the state's save and the events' store leaves behind: folded, not stored.
        AccountState crashed = AccountState.empty(account);
        crashed.applyEvent(json.readValue(record, EngagementEventMessage.class));
        crashed.rescore(models.active(), Instant.now());
        states.save(crashed).await().atMost(Duration.ofSeconds(10));

        produce(account, List.of(record, event(id(), account, "usage.login", at, Map.of())));

        AccountState state = awaitFolded(account, 2);
        assertThat(state.eventsFolded()).isEqualTo(2);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(storedCount(account)).isEqualTo(2));
        assertThat(events.existing(Set.of(eventId)).await().atMost(Duration.ofSeconds(10))).containsExactly(eventId);
    }

    @Test
    void aSaveOfAStateSomeoneElseSavedMeanwhileLosesAndWritesNothing() throws Exception {
        String account = "acct-" + UUID.randomUUID();
        Instant at = Instant.now().minus(1, ChronoUnit.HOURS);
        AccountState created = AccountState.empty(account);
        created.rescore(models.active(), Instant.now());
        states.save(created).await().atMost(Duration.ofSeconds(10));

        AccountState mine = states.load(account).await().atMost(Duration.ofSeconds(10));
        AccountState theirs = states.load(account).await().atMost(Duration.ofSeconds(10));
        theirs.applyEvent(json.readValue(event(id(), account, "usage.login", at, Map.of()), EngagementEventMessage.class));
        states.save(theirs).await().atMost(Duration.ofSeconds(10));
        mine.applyEvent(json.readValue(event(id(), account, "usage.login", at, Map.of()), EngagementEventMessage.class));

        assertThatThrownBy(() -> states.save(mine).await().atMost(Duration.ofSeconds(10)))
                .isInstanceOf(StateConflictException.class);
        assertThat(states.saveAll(List.of(mine)).await().atMost(Duration.ofSeconds(10))).containsExactly(account);
        AccountState stored = states.load(account).await().atMost(Duration.ofSeconds(10));
        assertThat(stored.eventsFolded()).isEqualTo(1);
        assertThat(stored.revision()).isEqualTo(2);
        // A new account raced by two writers: the second insert loses too.
        AccountState fresh = AccountState.empty(account);
        assertThatThrownBy(() -> states.save(fresh).await().atMost(Duration.ofSeconds(10)))
                .isInstanceOf(StateConflictException.class);
    }

    @Test
    void onlyPoisonIsDeadLetteredWithItsReasonAndTheGoodEventsBesideItCount() {
        String account = "acct-" + UUID.randomUUID();
        Instant at = Instant.now().minus(1, ChronoUnit.HOURS);
        produce(account, List.of(
                event(id(), account, "usage.login", at, Map.of()),
                "this is not JSON",
                event(id(), account, "usage.teleported", at, Map.of()),
                event(id(), account, "usage.login", at, Map.of())));

        awaitFolded(account, 2);
        List<ConsumerRecord<String, String>> dead = kafka.consumeStrings()
                .fromTopics(Topics.ENGAGEMENT_EVENTS_DLQ, records -> records.filter(r -> account.equals(r.key())).select().first(2))
                .awaitCompletion(Duration.ofSeconds(30)).getRecords();
        assertThat(dead).hasSize(2);
        assertThat(dead).extracting(r -> new String(r.headers().lastHeader("dead-letter-reason").value()))
                .anySatisfy(reason -> assertThat(reason).startsWith("Unreadable engagement event"))
                .anySatisfy(reason -> assertThat(reason).startsWith("Incomplete engagement event"));
        assertThat(dead).extracting(r -> new String(r.headers().lastHeader("dead-letter-topic").value()))
                .containsOnly(Topics.ENGAGEMENT_EVENTS);
        assertThat(dead).extracting(ConsumerRecord::value).contains("this is not JSON");
    }

    @Test
    void aJobIsClaimedOnceAndAgainOnlyWhenItsLeaseHasRunOut() {
        String job = "test-" + UUID.randomUUID();
        assertThat(claims.claim(job).await().atMost(Duration.ofSeconds(10))).isTrue();
        assertThat(claims.claim(job).await().atMost(Duration.ofSeconds(10))).isFalse();

        jobs().updateOne(Filters.eq("_id", job), Updates.set("leaseUntil", Date.from(Instant.now().minusSeconds(1))))
                .await().atMost(Duration.ofSeconds(10));
        assertThat(claims.claim(job).await().atMost(Duration.ofSeconds(10))).isTrue();

        claims.finish(job).await().atMost(Duration.ofSeconds(10));
        jobs().updateOne(Filters.eq("_id", job), Updates.set("leaseUntil", Date.from(Instant.now().minusSeconds(1))))
                .await().atMost(Duration.ofSeconds(10));
        assertThat(claims.claim(job).await().atMost(Duration.ofSeconds(10))).isFalse();
    }

    @Test
    void theDailyRescoreRunsOnceADayAndRecordsTheDaysPoint() {
        String account = "acct-" + UUID.randomUUID();
        produce(account, List.of(event(id(), account, "usage.login", Instant.now().minus(1, ChronoUnit.HOURS), Map.of())));
        awaitFolded(account, 1);
        LocalDate day = LocalDate.of(2031, 1, (int) (Math.abs(UUID.randomUUID().getLeastSignificantBits()) % 28) + 1);
        jobs().deleteOne(Filters.eq("_id", "daily-" + day)).await().atMost(Duration.ofSeconds(10));

        daily.runIfClaimed(day).await().atMost(Duration.ofSeconds(60));
        long revision = states.load(account).await().atMost(Duration.ofSeconds(10)).revision();
        AccountState after = states.load(account).await().atMost(Duration.ofSeconds(10));
        assertThat(after.dailyRescoreDone(day)).isTrue();
        daily.runIfClaimed(day).await().atMost(Duration.ofSeconds(60));

        assertThat(states.load(account).await().atMost(Duration.ofSeconds(10)).revision()).isEqualTo(revision);
        Document job = jobs().find(Filters.eq("_id", "daily-" + day)).collect().first().await().atMost(Duration.ofSeconds(10));
        assertThat(job.getBoolean("done")).isTrue();
    }

    @Test
    void aModelActivatedByAnotherInstanceIsPickedUpHere() throws Exception {
        long before = models.active().version();
        Document next = Document.parse(json.writeValueAsString(models.active().withVersion(before + 1))).append("_id", "active");
        mongo.getDatabase(database).getCollection("scoring_model")
                .replaceOne(Filters.eq("_id", "active"), next, new com.mongodb.client.model.ReplaceOptions().upsert(true))
                .await().atMost(Duration.ofSeconds(10));

        await().atMost(Duration.ofSeconds(20)).until(() -> models.active().version() == before + 1);
    }

    private AccountState awaitFolded(String account, long folded) {
        return await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> states.load(account).await().atMost(Duration.ofSeconds(10)), s -> s.eventsFolded() >= folded);
    }

    private long storedCount(String account) {
        return mongo.getDatabase(database).getCollection("events").countDocuments(Filters.eq("accountId", account))
                .await().atMost(Duration.ofSeconds(30));
    }

    private io.quarkus.mongodb.reactive.ReactiveMongoCollection<Document> jobs() {
        return mongo.getDatabase(database).getCollection("scoring_jobs");
    }

    private void produce(String key, List<String> values) {
        kafka.produceStrings().fromRecords(values.stream()
                .map(v -> new ProducerRecord<>(Topics.ENGAGEMENT_EVENTS, key, v)).toList())
                .awaitCompletion(Duration.ofSeconds(60));
    }

    private String event(String id, String account, String type, Instant occurredAt, Map<String, Object> attributes) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("schemaVersion", EngagementEventMessage.SCHEMA_VERSION);
        e.put("eventId", id);
        e.put("accountId", account);
        e.put("type", type);
        e.put("occurredAt", occurredAt.toString());
        e.put("receivedAt", Instant.now().toString());
        e.put("attributes", attributes);
        try {
            return json.writeValueAsString(e);
        } catch (Exception ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static String id() {
        return "evt-" + UUID.randomUUID();
    }
}

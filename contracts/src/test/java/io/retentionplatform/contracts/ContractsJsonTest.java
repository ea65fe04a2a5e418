package io.retentionplatform.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.junit.jupiter.api.Test;

class ContractsJsonTest {

    private final ObjectMapper mapper = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    @Test
    void engagementEventSurvivesJsonRoundTripWithSchemaVersion() throws Exception {
        var event = new EngagementEventMessage(EngagementEventMessage.SCHEMA_VERSION, "evt-1", "acme",
                "usage.feature_used", Instant.parse("2026-11-01T10:15:30Z"), Instant.parse("2026-11-01T10:15:31Z"),
                Map.of("feature", "reports"));

        String json = mapper.writeValueAsString(event);
        var back = mapper.readValue(json, EngagementEventMessage.class);

        assertThat(json).contains("\"schemaVersion\":1").contains("\"occurredAt\":\"2026-11-01T10:15:30Z\"");
        assertThat(back).isEqualTo(event);
    }

    @Test
    void anEngagementEventWithNullAttributeValuesReadsWithoutThem() throws Exception {
        String json = "{\"schemaVersion\":1,\"eventId\":\"evt-1\",\"accountId\":\"acme\",\"type\":\"usage.login\","
                + "\"occurredAt\":\"2026-11-01T10:15:30Z\",\"attributes\":{\"referrer\":null,\"source\":\"crm\"}}";

        var read = mapper.readValue(json, EngagementEventMessage.class);

        assertThat(read.attributes()).containsExactlyEntriesOf(Map.of("source", "crm"));
    }

    @Test
    void healthScoreSurvivesJsonRoundTrip() throws Exception {
        var score = new HealthScoreMessage(HealthScoreMessage.SCHEMA_VERSION, "m-1", "acme", 3, 72, "healthy",
                80, 60, 70, Instant.parse("2026-11-01T10:15:30Z"), 80, 66, 70, -4, 12, "down",
                "Health 72 (healthy), down 4 from 76", java.util.List.of("support: -12 (open tickets 1 -> 3)"),
                false, true, 12, 2L, new HealthScoreMessage.Signals(12, 18, 4, 6, 2, 1, 0, 3, 1, 2, 8,
                        Instant.parse("2026-10-01T09:00:00Z"), Instant.parse("2026-10-20T09:00:00Z"),
                        Instant.parse("2026-10-20T09:00:00Z"), Instant.parse("2026-10-21T09:00:00Z")),
                new HealthScoreMessage.ChurnRisk(0.31, "high", java.util.List.of(new HealthScoreMessage.Driver(
                        "days_since_human_contact", 0.18, "+0.18 no human contact for 104 days")), 4,
                        Instant.parse("2026-11-01T10:15:30Z")));

        assertThat(mapper.readValue(mapper.writeValueAsString(score), HealthScoreMessage.class)).isEqualTo(score);
    }

    @Test
    void firstReleaseHealthScoreStillReadsWithTheNewFieldsEmpty() throws Exception {
        String v1 = "{\"schemaVersion\":1,\"messageId\":\"m\",\"accountId\":\"a\",\"version\":1,\"score\":50,"
                + "\"band\":\"watch\",\"adoption\":1,\"support\":2,\"engagement\":3,\"computedAt\":\"2026-11-01T10:15:30Z\"}";

        var read = mapper.readValue(v1, HealthScoreMessage.class);

        assertThat(read.score()).isEqualTo(50);
        assertThat(read.survey()).isNull();
        assertThat(read.satisfactionTrap()).isFalse();
    }

    @Test
    void eventTypesResolveByWireNameOnly() {
        assertThat(EngagementEventType.fromWireName("contact.meeting")).contains(EngagementEventType.CONTACT_MEETING);
        assertThat(EngagementEventType.CONTACT_MEETING.category()).isEqualTo(EventCategory.HUMAN_CONTACT);
        assertThat(EngagementEventType.fromWireName("CONTACT_MEETING")).isEmpty();
        assertThat(EngagementEventType.fromWireName(null)).isEmpty();
    }

    @Test
    void erasureMessagesSurviveJsonRoundTrip() throws Exception {
        var account = new ErasureRequestMessage(ErasureRequestMessage.SCHEMA_VERSION, "er-1", "acme", null,
                Instant.parse("2026-11-01T10:15:30Z"), "dpo");
        var person = new ErasureRequestMessage(ErasureRequestMessage.SCHEMA_VERSION, "er-2", "acme", "u-17",
                Instant.parse("2026-11-01T10:15:30Z"), "dpo");
        var confirmation = new ErasureConfirmationMessage(ErasureConfirmationMessage.SCHEMA_VERSION, "er-1",
                "scoring-service", "acme", Instant.parse("2026-11-01T10:15:31Z"), Map.of("events", 12L));

        assertThat(mapper.readValue(mapper.writeValueAsString(account), ErasureRequestMessage.class)).isEqualTo(account);
        assertThat(mapper.readValue(mapper.writeValueAsString(confirmation), ErasureConfirmationMessage.class))
                .isEqualTo(confirmation);
        assertThat(account.wholeAccount()).isTrue();
        assertThat(person.wholeAccount()).isFalse();
        assertThat(new ErasureConfirmationMessage(1, "r", "s", "a", Instant.EPOCH, null).erased()).isEmpty();
    }

    @Test
    void missingAttributesBecomeEmptyMap() {
        var event = new EngagementEventMessage(1, "e", "a", "usage.login", Instant.EPOCH, Instant.EPOCH, null);
        assertThat(event.attributes()).isEmpty();
    }
}

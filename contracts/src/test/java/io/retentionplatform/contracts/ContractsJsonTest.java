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
    void healthScoreSurvivesJsonRoundTrip() throws Exception {
        var score = new HealthScoreMessage(HealthScoreMessage.SCHEMA_VERSION, "m-1", "acme", 3, 72, "healthy",
                80, 60, 70, Instant.parse("2026-11-01T10:15:30Z"));

        assertThat(mapper.readValue(mapper.writeValueAsString(score), HealthScoreMessage.class)).isEqualTo(score);
    }

    @Test
    void eventTypesResolveByWireNameOnly() {
        assertThat(EngagementEventType.fromWireName("contact.meeting")).contains(EngagementEventType.CONTACT_MEETING);
        assertThat(EngagementEventType.CONTACT_MEETING.category()).isEqualTo(EventCategory.HUMAN_CONTACT);
        assertThat(EngagementEventType.fromWireName("CONTACT_MEETING")).isEmpty();
        assertThat(EngagementEventType.fromWireName(null)).isEmpty();
    }

    @Test
    void missingAttributesBecomeEmptyMap() {
        var event = new EngagementEventMessage(1, "e", "a", "usage.login", Instant.EPOCH, Instant.EPOCH, null);
        assertThat(event.attributes()).isEmpty();
    }
}

package io.retentionplatform.infra.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.bson.Document;
import org.junit.jupiter.api.Test;

/** The replay seed folds events the way scoring-service's AccountSignals does and stores them in its shapes. */
class SeededAccountTest {

    private static final Instant T = Instant.parse("2026-03-10T09:30:00Z");
    private int next;

    private Map<String, Object> event(String type, Instant at, Object... attributes) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (int i = 0; i < attributes.length; i += 2) {
            values.put((String) attributes[i], attributes[i + 1]);
        }
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("id", "evt-" + next++);
        event.put("accountId", "acme");
        event.put("type", type);
        event.put("occurredAt", at.toString());
        event.put("attributes", values);
        return event;
    }

    @Test
    void aClosedTicketIsNoLongerOpenAndHighSeverityIsCountedOnItsDay() {
        SeededAccount account = new SeededAccount("acme")
                .fold(event("support.ticket_opened", T, "ticketId", "T1", "severity", "high"))
                .fold(event("support.ticket_opened", T, "ticketId", "T2", "severity", "normal"))
                .fold(event("support.ticket_closed", T.plusSeconds(60), "ticketId", "T1"));

        Document state = account.stateDocument();
        assertThat(state.getList("openTickets", String.class)).containsExactly("T2");
        Document day = state.get("days", Document.class).get("2026-03-10", Document.class);
        assertThat(day.getInteger("ticketsOpened")).isEqualTo(2);
        assertThat(day.getInteger("highSeverityOpened")).isEqualTo(1);
        assertThat(day.getInteger("ticketsClosed")).isEqualTo(1);
        assertThat(account.expectedSignals()).containsEntry("openTickets", 1);
    }

    @Test
    void theLatestNpsAnswerWinsWhateverTheOrderOfArrival() {
        SeededAccount account = new SeededAccount("acme")
                .fold(event("survey.nps", T, "score", 9))
                .fold(event("survey.nps", T.minusSeconds(3600), "score", 3));

        Document state = account.stateDocument();
        assertThat(state.getInteger("lastNps")).isEqualTo(9);
        assertThat(state.getString("lastNpsAt")).isEqualTo(T.toString());
        assertThat(account.expectedSignals()).containsEntry("lastNpsAnswer", 9);
    }

    @Test
    void onlyWhatTheCustomerDidCountsAsEngagement() {
        Instant inbound = T.minusSeconds(7200);
        SeededAccount account = new SeededAccount("acme")
                .fold(event("contact.email_reply", inbound, "direction", "inbound"))
                .fold(event("contact.email_reply", T, "direction", "outbound"))
                .fold(event("marketing.email_open", T.plusSeconds(60), "campaign", "newsletter-1"))
                .fold(event("advocacy.review", T.minusSeconds(3600)));

        Document state = account.stateDocument();
        assertThat(state.getString("lastHumanContactAt")).isEqualTo(T.toString());
        assertThat(state.getString("lastInboundContactAt")).isEqualTo(inbound.toString());
        // The review, not the later e-mail open (a preview pane opens e-mails too).
        assertThat(state.getString("lastEngagementAt")).isEqualTo(T.minusSeconds(3600).toString());
        assertThat(account.expectedSignals()).containsEntry("inboundContacts90", 1).containsEntry("outboundContacts90", 1)
                .containsEntry("marketingTouches90", 1).containsEntry("advocacyActs90", 1);
    }

    @Test
    void featuresAreValuesWithTheirLastUseNeverFieldNames() {
        SeededAccount account = new SeededAccount("acme")
                .fold(event("usage.feature_used", T, "feature", "reports"))
                .fold(event("usage.feature_used", T.plusSeconds(30), "feature", "reports"))
                .fold(event("usage.login", T));

        Document state = account.stateDocument();
        Document day = state.get("days", Document.class).get("2026-03-10", Document.class);
        assertThat(day.getList("features", String.class)).containsExactly("reports");
        assertThat(day.getInteger("featureUses")).isEqualTo(2);
        assertThat(day.getInteger("logins")).isEqualTo(1);
        assertThat(state.getList("featureLastUsed", Document.class)).containsExactly(
                new Document("feature", "reports").append("lastUsed", T.plusSeconds(30).toString()));
    }

    @Test
    void theStateCountsEveryEventFoldedInAndHasNoScoreAndNothingPending() {
        SeededAccount account = new SeededAccount("acme")
                .fold(event("usage.login", T))
                .fold(event("usage.login", T.plusSeconds(1)))
                .fold(event("support.ticket_opened", T, "ticketId", "T9"));

        Document state = account.stateDocument();
        assertThat(state.get("eventsFolded")).isEqualTo(3L);
        assertThat(state.get("eventsFoldedByType", Document.class))
                .isEqualTo(new Document("support.ticket_opened", 1L).append("usage.login", 2L));
        assertThat(state.getList("recentEventIds", String.class)).containsExactly("evt-0", "evt-1", "evt-2");
        assertThat(state.getList("pendingIds", String.class)).isEmpty();
        assertThat(state.get("current")).isNull();
        assertThat(state.get("revision")).isEqualTo(1L);
        assertThat(account.eventDocuments()).hasSize(3);
    }

    @Test
    void eachEventIsStoredAsTheServiceStoresItWithDatesAsDates() {
        Map<String, Object> event = event("usage.feature_used", T, "feature", "api");

        Document stored = new SeededAccount("acme").fold(event).eventDocuments().get(0);

        assertThat(stored).isEqualTo(new Document("_id", "evt-0").append("accountId", "acme").append("type", "usage.feature_used")
                .append("occurredAt", Date.from(T)).append("receivedAt", Date.from(T.plusSeconds(2)))
                .append("attributes", new Document("feature", "api")).append("schemaVersion", 1));
        assertThat(List.copyOf(stored.keySet())).containsExactly("_id", "accountId", "type", "occurredAt", "receivedAt",
                "attributes", "schemaVersion");
    }
}

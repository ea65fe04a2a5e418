package io.retentionplatform.scoring.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

class EventValidatorTest {

    private static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");
    private final EventValidator validator = new EventValidator(Duration.ofMinutes(5));

    @Test
    void completeEventHasNoViolations() {
        var event = new EventSubmission("e-1", "acme", "usage.login", "2026-11-24T11:00:00Z", Map.of());

        assertThat(validator.violations(event, NOW)).isEmpty();
        assertThat(validator.toMessage(event, NOW).occurredAt()).isEqualTo(Instant.parse("2026-11-24T11:00:00Z"));
    }

    @Test
    void everyMissingFieldIsNamed() {
        var event = new EventSubmission(null, " ", null, null, null);

        assertThat(validator.violations(event, NOW)).extracting(FieldViolation::field)
                .containsExactly("id", "accountId", "type", "occurredAt");
    }

    @Test
    void unknownTypeListsTheAcceptedOnes() {
        var event = new EventSubmission("e-1", "acme", "usage.teleport", "2026-11-24T11:00:00Z", null);

        assertThat(validator.violations(event, NOW)).singleElement().satisfies(v -> {
            assertThat(v.field()).isEqualTo("type");
            assertThat(v.message()).contains("usage.teleport").contains("contact.meeting");
        });
    }

    @Test
    void unreadableOrFutureTimesAreRejected() {
        assertThat(validator.violations(new EventSubmission("e", "a", "usage.login", "yesterday", null), NOW))
                .extracting(FieldViolation::field).containsExactly("occurredAt");
        assertThat(validator.violations(new EventSubmission("e", "a", "usage.login", "2026-11-24T12:06:00Z", null), NOW))
                .extracting(FieldViolation::message).singleElement().asString().contains("future");
        assertThat(validator.violations(new EventSubmission("e", "a", "usage.login", "2026-11-24T12:04:00Z", null), NOW))
                .isEmpty();
    }

    @Test
    void idsAreBoundedAndPlain() {
        assertThat(validator.violations(new EventSubmission("x".repeat(129), "a", "usage.login", "2026-11-24T11:00:00Z", null), NOW))
                .extracting(FieldViolation::field).containsExactly("id");
        assertThat(validator.violations(new EventSubmission("e", "acme corp/1", "usage.login", "2026-11-24T11:00:00Z", null), NOW))
                .extracting(FieldViolation::field).containsExactly("accountId");
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "{0} {1} -> {2}")
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', nullValues = "none", textBlock = """
            usage.feature_used    | {}                                  | attributes.feature
            usage.feature_used    | {"feature": "reports"}              | none
            support.ticket_opened | {"ticketId": "T1", "severity": "x"} | attributes.severity
            support.ticket_opened | {"ticketId": "T1"}                  | none
            support.ticket_closed | {"ticketId": "T1", "csat": 6}       | attributes.csat
            contact.call          | {}                                  | attributes.direction
            contact.email_reply   | {"direction": "inbound"}            | none
            survey.nps            | {"score": 10}                       | none
            survey.nps            | {"score": 7.5}                      | attributes.score
            survey.nps            | {"score": -1}                       | attributes.score
            commercial.arr_change | {"kind": "expansion", "amount": 1200} | none
            commercial.arr_change | {"kind": "upsell", "amount": 1200}  | attributes.kind
            commercial.arr_change | {"kind": "churn"}                   | attributes.amount
            commercial.arr_change | {"kind": "contraction", "amount": -5} | attributes.amount
            commercial.arr_change | {"kind": "reactivation", "amount": 900.50} | none
            commercial.arr_change | {"kind": "renewal"}                 | none
            commercial.arr_change | {"kind": "renewal", "amount": -1}   | attributes.amount
            commercial.arr_change | {"kind": "new", "amount": 100, "currency": "USD"} | none
            commercial.arr_change | {"kind": "new", "amount": 100, "currency": "usd"} | attributes.currency
            commercial.arr_change | {"kind": "new", "amount": 100, "currency": "EURO"} | attributes.currency
            commercial.arr_change | {"kind": "new", "amount": 100, "currency": 978} | attributes.currency
            commercial.arr_change | {"kind": "renewal", "renewalDate": "2027-03-31"} | none
            commercial.arr_change | {"kind": "renewal", "renewalDate": "next spring"} | attributes.renewalDate
            commercial.renewal    | {}                                  | none
            commercial.renewal    | {"renewalDate": "2027-03-31", "amount": 48000, "currency": "EUR"} | none
            commercial.renewal    | {"renewalDate": "2027-02-30"}       | attributes.renewalDate
            commercial.renewal    | {"renewalDate": 20270331}           | attributes.renewalDate
            commercial.renewal    | {"renewalDate": "2027-03-31T00:00:00Z"} | attributes.renewalDate
            commercial.renewal    | {"currency": "eur"}                 | attributes.currency
            marketing.webinar     | {}                                  | none
            """)
    void eachTypeChecksItsOwnAttributes(String type, String attributes, String faultyField) throws Exception {
        @SuppressWarnings("unchecked")
        Map<String, Object> parsed = new com.fasterxml.jackson.databind.ObjectMapper().readValue(attributes, Map.class);
        var violations = validator.violations(new EventSubmission("e", "a", type, "2026-11-24T11:00:00Z", parsed), NOW);

        if (faultyField == null) {
            assertThat(violations).isEmpty();
        } else {
            assertThat(violations).extracting(FieldViolation::field).containsExactly(faultyField);
        }
    }

    @Test
    void attributesAreCountedBesidesSourceAndUserId() {
        var limited = new EventValidator(Duration.ofMinutes(5), new IngestLimits(3, 1000, 100));
        Map<String, Object> three = new java.util.LinkedHashMap<>(Map.of("a", 1, "b", 2, "c", 3));
        three.put("source", "crm");
        three.put("userId", "u-1");
        assertThat(limited.violations(new EventSubmission("e", "a", "usage.login", "2026-11-24T11:00:00Z", three), NOW)).isEmpty();

        three.put("d", 4);
        assertThat(limited.violations(new EventSubmission("e", "a", "usage.login", "2026-11-24T11:00:00Z", three), NOW))
                .singleElement().satisfies(v -> {
                    assertThat(v.field()).isEqualTo("attributes");
                    assertThat(v.message()).contains("at most 3").contains("got 4");
                });
    }

    @Test
    void longValuesAndNamesAreRefusedNamingTheAttribute() {
        var limited = new EventValidator(Duration.ofMinutes(5), new IngestLimits(50, 10, 8));

        assertThat(limited.violations(new EventSubmission("e", "a", "usage.feature_used", "2026-11-24T11:00:00Z",
                Map.of("feature", "x".repeat(10), "campaign", "y".repeat(11), "score", 12345678901L)), NOW))
                .extracting(FieldViolation::field).containsExactly("attributes.campaign");
        assertThat(limited.violations(new EventSubmission("e", "a", "usage.login", "2026-11-24T11:00:00Z",
                Map.of("averyveryverylongname", 1)), NOW))
                .singleElement().satisfies(v -> {
                    assertThat(v.field()).isEqualTo("attributes");
                    assertThat(v.message()).contains("at most 8 characters").contains("averyveryverylongnam");
                });
    }

    @Test
    void theDefaultLimitsAreFiftyAttributesOfAThousandCharacters() {
        Map<String, Object> fifty = new java.util.HashMap<>();
        for (int i = 0; i < 50; i++) {
            fifty.put("a" + i, "v".repeat(1000));
        }
        assertThat(validator.violations(new EventSubmission("e", "a", "usage.login", "2026-11-24T11:00:00Z", fifty), NOW)).isEmpty();
        fifty.put("a50", 1);
        assertThat(validator.violations(new EventSubmission("e", "a", "usage.login", "2026-11-24T11:00:00Z", fifty), NOW))
                .extracting(FieldViolation::field).containsExactly("attributes");
        fifty.remove("a50");
        fifty.put("a0", "v".repeat(1001));
        assertThat(validator.violations(new EventSubmission("e", "a", "usage.login", "2026-11-24T11:00:00Z", fifty), NOW))
                .extracting(FieldViolation::field).containsExactly("attributes.a0");
    }

    @Test
    void missingBodyIsAViolation() {
        assertThat(validator.violations(null, NOW)).extracting(FieldViolation::field).containsExactly("body");
    }
}

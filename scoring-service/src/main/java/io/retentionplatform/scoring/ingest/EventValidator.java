package io.retentionplatform.scoring.ingest;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import io.retentionplatform.contracts.EngagementEventMessage;
import io.retentionplatform.contracts.EngagementEventType;

/** Checks a submitted event field by field; turns a valid one into the message published to Kafka. */
public final class EventValidator {

    static final int MAX_ID_LENGTH = 128;
    private static final Pattern ID_CHARACTERS = Pattern.compile("[A-Za-z0-9._:@\\-]+");

    private final Duration maxFutureSkew;

    public EventValidator(Duration maxFutureSkew) {
        this.maxFutureSkew = maxFutureSkew;
    }

    /** The violations of {@code submission}; empty when it is valid. */
    public List<FieldViolation> violations(EventSubmission submission, Instant now) {
        List<FieldViolation> violations = new ArrayList<>();
        if (submission == null) {
            violations.add(new FieldViolation("body", "an event object is required"));
            return violations;
        }
        checkId("id", submission.id(), violations);
        checkId("accountId", submission.accountId(), violations);
        if (isBlank(submission.type())) {
            violations.add(new FieldViolation("type", "is required"));
        } else if (EngagementEventType.fromWireName(submission.type()).isEmpty()) {
            violations.add(new FieldViolation("type",
                    "unknown event type '" + submission.type() + "'; expected one of: " + EngagementEventType.wireNames()));
        }
        if (isBlank(submission.occurredAt())) {
            violations.add(new FieldViolation("occurredAt", "is required"));
        } else {
            Optional<Instant> occurredAt = parseInstant(submission.occurredAt());
            if (occurredAt.isEmpty()) {
                violations.add(new FieldViolation("occurredAt",
                        "must be an ISO-8601 instant such as 2026-11-24T09:30:00Z, got '" + submission.occurredAt() + "'"));
            } else if (occurredAt.get().isAfter(now.plus(maxFutureSkew))) {
                violations.add(new FieldViolation("occurredAt", "lies in the future: " + submission.occurredAt()));
            }
        }
        return violations;
    }

    /** The Kafka message for a submission that has no violations. */
    public EngagementEventMessage toMessage(EventSubmission submission, Instant receivedAt) {
        return new EngagementEventMessage(EngagementEventMessage.SCHEMA_VERSION, submission.id(), submission.accountId(),
                submission.type(), Instant.parse(submission.occurredAt()), receivedAt, submission.attributes());
    }

    private static void checkId(String field, String value, List<FieldViolation> violations) {
        if (isBlank(value)) {
            violations.add(new FieldViolation(field, "is required"));
        } else if (value.length() > MAX_ID_LENGTH) {
            violations.add(new FieldViolation(field, "must be at most " + MAX_ID_LENGTH + " characters"));
        } else if (!ID_CHARACTERS.matcher(value).matches()) {
            violations.add(new FieldViolation(field, "may contain only letters, digits and . _ : @ -"));
        }
    }

    private static Optional<Instant> parseInstant(String text) {
        try {
            return Optional.of(Instant.parse(text));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}

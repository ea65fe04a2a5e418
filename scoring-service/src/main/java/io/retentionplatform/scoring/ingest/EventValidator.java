package io.retentionplatform.scoring.ingest;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import io.retentionplatform.contracts.EngagementEventMessage;
import io.retentionplatform.contracts.EngagementEventType;

/** Checks a submitted event field by field; turns a valid one into the message published to Kafka. */
public final class EventValidator {

    static final int MAX_ID_LENGTH = 128;
    private static final Pattern ID_CHARACTERS = Pattern.compile("[A-Za-z0-9._:@\\-]+");
    private static final Pattern CURRENCY = Pattern.compile("^[A-Z]{3}$");
    /** ARR movements (seed 000's new, expansion, contraction, churn), plus reactivation and renewal. */
    static final Set<String> ARR_CHANGE_KINDS = Set.of("new", "expansion", "contraction", "churn", "reactivation", "renewal");

    private final Duration maxFutureSkew;
    private final IngestLimits limits;

    public EventValidator(Duration maxFutureSkew, IngestLimits limits) {
        this.maxFutureSkew = maxFutureSkew;
        this.limits = limits;
    }

    public EventValidator(Duration maxFutureSkew) {
        this(maxFutureSkew, IngestLimits.DEFAULT);
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
        Map<String, Object> attributes = submission.attributes() == null ? Map.of() : submission.attributes();
        checkLimits(attributes, violations);
        EngagementEventType.fromWireName(submission.type()).ifPresent(type -> checkAttributes(type, attributes, violations));
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

    /**
     * Bounded input: so many attributes, names and text values so long (the allow-list drops most attributes later, but
     * nothing unbounded is read, logged or answered first). Over the count, the names and values are not looked at.
     */
    private void checkLimits(Map<String, Object> attributes, List<FieldViolation> violations) {
        long counted = attributes.keySet().stream().filter(name -> !AttributeAllowList.ALWAYS.contains(name)).count();
        if (counted > limits.maxAttributes()) {
            violations.add(new FieldViolation("attributes", "at most " + limits.maxAttributes()
                    + " attributes are accepted (besides source and userId), got " + counted));
            return;
        }
        attributes.forEach((name, value) -> {
            if (name.length() > limits.maxNameLength()) {
                violations.add(new FieldViolation("attributes", "attribute names are at most " + limits.maxNameLength()
                        + " characters; one of " + name.length() + " begins '" + name.substring(0, Math.min(20, name.length())) + "'"));
            } else if (value instanceof String text && text.length() > limits.maxValueLength()) {
                violations.add(new FieldViolation("attributes." + name, "must be at most " + limits.maxValueLength()
                        + " characters, got " + text.length()));
            }
        });
    }

    /**
     * What each event type needs in its attributes (docs/domain.md, engagement event types). Also checked before a
     * commercial event is forwarded, since another producer may have put it on the topic unchecked.
     */
    public static void checkAttributes(EngagementEventType type, Map<String, Object> attributes, List<FieldViolation> violations) {
        switch (type) {
            case USAGE_FEATURE_USED -> requireText(attributes, "feature", violations);
            case SUPPORT_TICKET_OPENED -> {
                requireText(attributes, "ticketId", violations);
                oneOf(attributes, "severity", Set.of("low", "normal", "high", "urgent"), false, violations);
            }
            case SUPPORT_TICKET_CLOSED -> {
                requireText(attributes, "ticketId", violations);
                integerBetween(attributes, "csat", 1, 5, false, violations);
            }
            case CONTACT_CALL, CONTACT_MEETING, CONTACT_EMAIL_REPLY ->
                    oneOf(attributes, "direction", Set.of("inbound", "outbound"), true, violations);
            case SURVEY_NPS -> integerBetween(attributes, "score", 0, 10, true, violations);
            case COMMERCIAL_ARR_CHANGE -> {
                oneOf(attributes, "kind", ARR_CHANGE_KINDS, true, violations);
                // A renewal may come without a figure (the contract simply goes on); every other movement has one.
                amount(attributes, !"renewal".equals(attributes.get("kind")), violations);
                currency(attributes, violations);
                localDate(attributes, "renewalDate", violations);
            }
            case COMMERCIAL_RENEWAL -> {
                // Forwarded to segmentation like an ARR change: what it carries must be as readable.
                amount(attributes, false, violations);
                currency(attributes, violations);
                localDate(attributes, "renewalDate", violations);
            }
            default -> {
                // usage.login, marketing and advocacy carry optional details only
            }
        }
    }

    private static void amount(Map<String, Object> attributes, boolean required, List<FieldViolation> violations) {
        Object amount = attributes.get("amount");
        if (amount == null && !required) {
            return;
        }
        if (!(amount instanceof Number n) || n.doubleValue() < 0) {
            violations.add(new FieldViolation("attributes.amount", (required ? "is required: " : "must be ")
                    + "the size of the ARR change, a number of 0 or more (in currency, else the account's currency)"
                    + (amount == null ? "" : ", got " + amount)));
        }
    }

    private static void currency(Map<String, Object> attributes, List<FieldViolation> violations) {
        Object currency = attributes.get("currency");
        if (currency != null && !(currency instanceof String code && CURRENCY.matcher(code).matches())) {
            violations.add(new FieldViolation("attributes.currency",
                    "must be an ISO 4217 code of three capital letters such as EUR, got '" + currency + "'"));
        }
    }

    private static void localDate(Map<String, Object> attributes, String name, List<FieldViolation> violations) {
        Object value = attributes.get(name);
        if (value != null && !(value instanceof String text && isLocalDate(text))) {
            violations.add(new FieldViolation("attributes." + name,
                    "must be an ISO-8601 date such as 2027-03-31, got '" + value + "'"));
        }
    }

    private static boolean isLocalDate(String text) {
        try {
            LocalDate.parse(text);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private static void requireText(Map<String, Object> attributes, String name, List<FieldViolation> violations) {
        Object value = attributes.get(name);
        if (!(value instanceof String text) || text.isBlank()) {
            violations.add(new FieldViolation("attributes." + name, "is required (text)"));
        }
    }

    private static void oneOf(Map<String, Object> attributes, String name, Set<String> allowed, boolean required,
            List<FieldViolation> violations) {
        Object value = attributes.get(name);
        if (value == null && !required) {
            return;
        }
        if (!(value instanceof String text) || !allowed.contains(text)) {
            violations.add(new FieldViolation("attributes." + name, "must be one of " + new java.util.TreeSet<>(allowed)
                    + (value == null ? "" : ", got '" + value + "'")));
        }
    }

    private static void integerBetween(Map<String, Object> attributes, String name, int min, int max, boolean required,
            List<FieldViolation> violations) {
        Object value = attributes.get(name);
        if (value == null && !required) {
            return;
        }
        if (!(value instanceof Integer || value instanceof Long) || ((Number) value).longValue() < min
                || ((Number) value).longValue() > max) {
            violations.add(new FieldViolation("attributes." + name, "must be a whole number from " + min + " to " + max
                    + (value == null ? "" : ", got " + value)));
        }
    }

    /** An id (event, account): required, at most 128 characters of letters, digits and . _ : @ -. */
    public static void checkId(String field, String value, List<FieldViolation> violations) {
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

package io.retentionplatform.nurture.cadence;

import java.util.Arrays;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonValue;

/** What ends an enrollment before its last step. */
public enum ExitCondition {
    /** The account left the segment that enrolled it. */
    SEGMENT_LEFT("segment_left"),
    /** A customer-initiated human contact (call, meeting, e-mail reply) arrived after the enrollment began. */
    INBOUND_CONTACT("inbound_contact"),
    /** The health score rose above the cadence's {@code exitHealthAbove}. */
    HEALTH_ABOVE("health_above"),
    /** The marketing tool reported a reply or a booked meeting for the outreach. */
    REPLY("reply"),
    /** Someone stopped it (POST /enrollments/{id}/stop). Always possible; listing it is optional. */
    MANUAL_STOP("manual_stop"),
    /** The account's contract renewal date passed. */
    RENEWAL_PASSED("renewal_passed");

    private final String wireName;

    ExitCondition(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    public static Optional<ExitCondition> fromWire(String name) {
        return Arrays.stream(values()).filter(c -> c.wireName.equals(name)).findFirst();
    }

    public static String wireNames() {
        return String.join(", ", Arrays.stream(values()).map(ExitCondition::wireName).toList());
    }
}

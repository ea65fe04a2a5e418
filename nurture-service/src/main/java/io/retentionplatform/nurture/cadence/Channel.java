package io.retentionplatform.nurture.cadence;

import java.util.Arrays;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonValue;

/** How a step reaches the account. A {@link #TASK} is work for the account team, not a touch of the customer. */
public enum Channel {
    EMAIL("email", true),
    CALL("call", true),
    MEETING("meeting", true),
    IN_APP("in_app", true),
    TASK("task", false),
    WEBHOOK("webhook", true);

    private final String wireName;
    private final boolean touchesCustomer;

    Channel(String wireName, boolean touchesCustomer) {
        this.wireName = wireName;
        this.touchesCustomer = touchesCustomer;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    /** Whether the step counts against the account's contact cap. */
    public boolean touchesCustomer() {
        return touchesCustomer;
    }

    public static Optional<Channel> fromWire(String name) {
        return Arrays.stream(values()).filter(c -> c.wireName.equals(name)).findFirst();
    }

    public static String wireNames() {
        return String.join(", ", Arrays.stream(values()).map(Channel::wireName).toList());
    }
}

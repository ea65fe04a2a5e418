package io.retentionplatform.contracts;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Every engagement event type the platform accepts, with its wire name ({@code category.action}). */
public enum EngagementEventType {
    USAGE_LOGIN("usage.login", EventCategory.USAGE),
    USAGE_FEATURE_USED("usage.feature_used", EventCategory.USAGE),
    SUPPORT_TICKET_OPENED("support.ticket_opened", EventCategory.SUPPORT),
    SUPPORT_TICKET_CLOSED("support.ticket_closed", EventCategory.SUPPORT),
    CONTACT_CALL("contact.call", EventCategory.HUMAN_CONTACT),
    CONTACT_MEETING("contact.meeting", EventCategory.HUMAN_CONTACT),
    CONTACT_EMAIL_REPLY("contact.email_reply", EventCategory.HUMAN_CONTACT),
    MARKETING_EMAIL_OPEN("marketing.email_open", EventCategory.MARKETING),
    MARKETING_EMAIL_CLICK("marketing.email_click", EventCategory.MARKETING),
    MARKETING_WEBINAR("marketing.webinar", EventCategory.MARKETING),
    SURVEY_NPS("survey.nps", EventCategory.SURVEY),
    ADVOCACY_REFERRAL("advocacy.referral", EventCategory.ADVOCACY),
    ADVOCACY_CASE_STUDY("advocacy.case_study", EventCategory.ADVOCACY),
    ADVOCACY_REVIEW("advocacy.review", EventCategory.ADVOCACY),
    ADVOCACY_REFERENCE_CALL("advocacy.reference_call", EventCategory.ADVOCACY),
    COMMERCIAL_ARR_CHANGE("commercial.arr_change", EventCategory.COMMERCIAL),
    COMMERCIAL_RENEWAL("commercial.renewal", EventCategory.COMMERCIAL);

    private static final Map<String, EngagementEventType> BY_WIRE_NAME = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(EngagementEventType::wireName, Function.identity()));

    private final String wireName;
    private final EventCategory category;

    EngagementEventType(String wireName, EventCategory category) {
        this.wireName = wireName;
        this.category = category;
    }

    public String wireName() {
        return wireName;
    }

    public EventCategory category() {
        return category;
    }

    public static Optional<EngagementEventType> fromWireName(String wireName) {
        return Optional.ofNullable(wireName == null ? null : BY_WIRE_NAME.get(wireName));
    }

    /** The accepted wire names, for error messages and API docs. */
    public static String wireNames() {
        return Arrays.stream(values()).map(EngagementEventType::wireName).collect(Collectors.joining(", "));
    }
}

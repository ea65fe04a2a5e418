package io.retentionplatform.contracts;

/** The kinds of engagement signal (docs/domain.md). */
public enum EventCategory {
    USAGE,
    SUPPORT,
    HUMAN_CONTACT,
    MARKETING,
    SURVEY,
    ADVOCACY,
    COMMERCIAL
}

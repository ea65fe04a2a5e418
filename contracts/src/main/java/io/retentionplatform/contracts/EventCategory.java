package io.retentionplatform.contracts;

/** The kinds of engagement signal (DESIGN.md, Domain). */
public enum EventCategory {
    USAGE,
    SUPPORT,
    HUMAN_CONTACT,
    MARKETING,
    SURVEY,
    ADVOCACY,
    COMMERCIAL
}

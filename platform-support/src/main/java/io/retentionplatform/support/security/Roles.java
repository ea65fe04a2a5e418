package io.retentionplatform.support.security;

/**
 * The roles every service checks. People and frontends carry {@link #VIEWER}, {@link #MANAGER} or {@link #ADMIN} in
 * the {@code groups} claim of their JWT; each includes the one below it (the mapping is configuration,
 * {@code quarkus.http.auth.roles-mapping}). Event senders authenticate with an API key that grants {@link #INGEST}
 * and nothing else.
 */
public final class Roles {

    /** Reads: accounts, scores, segments, KPIs, events. */
    public static final String VIEWER = "viewer";
    /** Starts an audit pilot, enrolls or stops an account in a cadence, manages segments, cadences and CRM data. */
    public static final String MANAGER = "manager";
    /** The health model, API keys, erasure, dead-letter redrive, portfolio-wide re-evaluation. */
    public static final String ADMIN = "admin";
    /** Sends engagement events; granted by an API key, never combined with a person's roles. */
    public static final String INGEST = "ingest";

    private Roles() {
    }
}

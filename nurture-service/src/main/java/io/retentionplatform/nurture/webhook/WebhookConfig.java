package io.retentionplatform.nurture.webhook;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The webhook settings ({@code nurture.webhooks.*} in application.properties, where each is explained). */
@ConfigMapping(prefix = "nurture.webhooks")
public interface WebhookConfig {

    /**
     * The wait before each attempt of a message; its length is the number of attempts. Standard Webhooks' schedule by
     * default: immediately, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h.
     */
    @WithDefault("0s,5s,5m,30m,2h,5h,10h,10h")
    List<Duration> retrySchedule();

    /** The whole request, connection to last byte of the answer. */
    @WithDefault("10s")
    Duration requestTimeout();

    /** Master switch for endpoints on private, loopback or link-local addresses (each endpoint must opt in too). */
    @WithDefault("false")
    boolean allowPrivateAddresses();

    /** How long the previous secrets stay valid after a rotation. */
    @WithDefault("24h")
    Duration secretOverlap();

    /** Messages claimed (and sent concurrently) per transaction. */
    @WithDefault("50")
    int batchSize();

    /**
     * Batches in flight at once on one instance (each its own transaction; SKIP LOCKED keeps them disjoint): a batch
     * spends most of its time on database round trips, which others overlap.
     */
    @WithDefault("4")
    int concurrentBatches();

    /** The safety-net poll for due messages (retries come due, a lost wake-up). */
    @WithDefault("1s")
    Duration pollInterval();

    /** The longest {@code Retry-After} honoured; a longer one is cut to this. */
    @WithDefault("24h")
    Duration maxRetryAfter();

    Inbound inbound();

    interface Inbound {

        /** The marketing tool's signing secrets ({@code whsec_...}); several during its rotation. None: all refused. */
        Optional<List<String>> secrets();

        /** How far a message's timestamp may be from now, either way (the replay window). */
        @WithDefault("5m")
        Duration tolerance();
    }
}

package io.retentionplatform.scoring.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Typed settings of scoring-service, prefix {@code scoring}. */
@ConfigMapping(prefix = "scoring")
public interface ScoringConfig {

    Ingest ingest();

    Segment segment();

    CloudEvents cloudevents();

    /** Segment HTTP tracking API (track, identify, group, batch): which calls become which event type. */
    interface Segment {
        /** Segment event name of a {@code track} call -> our event type; unmapped track events are skipped. */
        java.util.Map<String, String> trackEvents();

        /** Event type an {@code identify} call (with an account) becomes; absent: identify calls are skipped. */
        java.util.Optional<String> identifyType();

        /** Event type a {@code group} call becomes; absent: group calls are skipped. */
        java.util.Optional<String> groupType();
    }

    /** CloudEvents (structured JSON mode). */
    interface CloudEvents {
        /** Prefix removed from a CloudEvent's {@code type} before it is read as our event type. */
        @WithDefault("io.retentionplatform.")
        String typePrefix();
    }

    Health health();

    Erasure erasure();

    /** The churn model (README, "Churn model"). */
    Churn churn();

    interface Churn {
        /** When every scored account's churn risk is recomputed (days since contact and to renewal move daily). */
        @WithDefault("0 45 0 * * ?")
        String refreshCron();

        /** Fit rows per training run at most: above it a seeded sample; the calibration slice is never sampled. */
        @WithDefault("200000")
        int maxFitRows();
    }

    /** GDPR art. 17 erasure requests (POST /erasures) and their confirmations. */
    interface Erasure {
        /** The services that must confirm an erasure before it is complete (each consumes erasure-requests). */
        @WithDefault("scoring-service,segmentation-service,nurture-service")
        java.util.List<String> services();

        /** How often requests Kafka has not acknowledged yet are published again. */
        @WithDefault("30s")
        String retryInterval();

        /**
         * A request some service has not confirmed after this long is published again (every consumer is idempotent):
         * it covers a service that was down longer than the topic's retention, or a dead-lettered request.
         */
        @WithDefault("PT6H")
        java.time.Duration republishUnconfirmedAfter();
    }

    /** When every account is rescored with the time passed and gets its daily history point (Quartz cron). */
    @WithDefault("0 15 0 * * ?")
    String dailyRescoreCron();

    /** The {@code Retry-After} of a 503 answered because MongoDB was out of reach. */
    @WithDefault("5s")
    java.time.Duration storeUnavailableRetryAfter();

    interface Ingest {
        /** How far in the future an event's time may lie (clock skew between sender and us), in seconds. */
        @WithDefault("300")
        long maxFutureSkewSeconds();

        /**
         * Attribute names kept on every event besides those the scoring reads, {@code source} and {@code userId}
         * (AttributeAllowList); everything else is dropped before Kafka. Absent or empty: none.
         */
        java.util.Optional<java.util.List<String>> attributeAllowList();

        /** Attributes one event may carry besides source and userId; more is 400 naming the attributes. */
        @WithDefault("50")
        @jakarta.validation.constraints.Min(1)
        int maxAttributes();

        /** Characters of one text attribute value; longer is 400 naming the attribute. */
        @WithDefault("1000")
        @jakarta.validation.constraints.Min(1)
        int maxAttributeLength();

        /** Characters of one attribute name; longer is 400 naming the attributes. */
        @WithDefault("100")
        @jakarta.validation.constraints.Min(1)
        int maxAttributeNameLength();

        /**
         * How long an ingest request waits for Kafka's acknowledgement before it answers 503 (a backstop behind the
         * producer's own delivery timeout).
         */
        @WithDefault("10s")
        java.time.Duration kafkaAckTimeout();

        /** The {@code Retry-After} of a 503 when Kafka did not acknowledge. */
        @WithDefault("5s")
        java.time.Duration retryAfter();
    }

    /** The first health model; later changes go through the model API and are kept in MongoDB. */
    interface Health {
        /** Window of usage and support signals, in days. */
        @WithDefault("30")
        int usageWindowDays();

        /** Window of human contact and engagement, in days (the silent-customer audit looks back 90). */
        @WithDefault("90")
        int contactWindowDays();

        /** A signal this many days old counts half. */
        @WithDefault("30")
        int halfLifeDays();

        /** NPS and CSAT never decide health alone (seed 000): the survey weight may not exceed this. */
        @WithDefault("0.15")
        double surveyWeightCap();

        /** Plan tiers that count as premium for value realization. */
        @WithDefault("premium,enterprise")
        java.util.List<String> premiumTiers();

        Weights weights();

        Bands bands();
    }

    /** Weights of the components (seed 000, step 2: adoption + support + engagement), plus the capped survey. */
    interface Weights {
        @WithDefault("0.35")
        double adoption();

        @WithDefault("0.25")
        double support();

        @WithDefault("0.30")
        double engagement();

        @WithDefault("0.10")
        double survey();
    }

    /** Lowest score of each band; below {@code watch} an account is at risk. */
    interface Bands {
        @WithDefault("70")
        int healthy();

        @WithDefault("40")
        int watch();
    }
}

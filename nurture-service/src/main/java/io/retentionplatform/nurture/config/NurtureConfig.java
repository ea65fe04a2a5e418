package io.retentionplatform.nurture.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** nurture-service's settings ({@code nurture.*} in application.properties). */
@ConfigMapping(prefix = "nurture")
public interface NurtureConfig {

    Scheduler scheduler();

    ContactCap contactCap();

    /** An account re-enters a cadence at most once per this period (a quadrant that flaps restarts nothing). */
    @WithDefault("P30D")
    Duration reentryCooldown();

    Outbox outbox();

    interface Scheduler {
        /** Off in a deployment that should only serve the API (every instance may run it: rows are claimed). */
        @WithDefault("true")
        boolean enabled();

        /** How often due steps are looked for (a batch that fills up runs the next one at once). */
        @WithDefault("1s")
        Duration pollInterval();

        /** Enrollments claimed per transaction. */
        @WithDefault("500")
        int batchSize();
    }

    /** So that automation never floods a customer: at most {@code maxTouches} customer touches per {@code window}. */
    interface ContactCap {
        @WithDefault("3")
        int maxTouches();

        @WithDefault("P7D")
        Duration window();
    }

    interface Outbox extends io.retentionplatform.support.outbox.OutboxSettings {
        @WithDefault("true")
        boolean relayEnabled();

        @WithDefault("1s")
        Duration pollInterval();

        @WithDefault("2000")
        int batchSize();

        @WithDefault("P1D")
        Duration keepPublished();
    }
}

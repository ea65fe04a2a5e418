package io.retentionplatform.segmentation.config;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** segmentation-service's settings ({@code segmentation.*} in application.properties). */
@ConfigMapping(prefix = "segmentation")
public interface SegmentationConfig {

    Outbox outbox();

    Quadrants quadrant();

    Audit audit();

    TimeToValue timeToValue();

    Money money();

    Import csvImport();

    /** Features only premium tiers have (value realization: premium paid, basic used). */
    @WithDefault("forecasting,sso,advanced-analytics,audit-log")
    java.util.List<String> premiumFeatures();

    /** When the portfolio is re-evaluated for rules that depend on the date (renewal within N days). */
    @WithDefault("0 30 0 * * ?")
    String dailyReevaluationCron();

    interface Outbox extends io.retentionplatform.support.outbox.OutboxSettings {
        /** Off only to test a crash between commit and publish: messages then accumulate in the outbox. */
        @WithDefault("true")
        boolean relayEnabled();

        /** How often the relay looks for unpublished messages when no commit woke it up. */
        @WithDefault("1s")
        Duration pollInterval();

        @WithDefault("2000")
        int batchSize();

        /** Published messages are deleted after this long. */
        @WithDefault("P1D")
        Duration keepPublished();
    }

    /** The engagement quadrant (seed 000, step 1): usage against communication. */
    interface Quadrants {
        /** {@code absolute}: the thresholds are values; {@code relative}: multipliers of the portfolio medians. */
        @WithDefault("absolute")
        String mode();

        /** Usage axis: the adoption component (0-100). High from here. */
        @WithDefault("50")
        double usageThreshold();

        /** Contact axis: weighted human contacts over 90 days (inbound x inbound-weight + outbound x outbound-weight). */
        @WithDefault("2.0")
        double contactThreshold();

        /** An account high on an axis stays high until threshold - hysteresis; low becomes high at threshold + it. */
        @WithDefault("5")
        double usageHysteresis();

        @WithDefault("0.5")
        double contactHysteresis();

        /** Customer-initiated contact counts more than contact the vendor started. */
        @WithDefault("1.0")
        double inboundWeight();

        @WithDefault("0.5")
        double outboundWeight();

        /** How often the portfolio medians are recomputed in relative mode. */
        @WithDefault("60s")
        Duration medianRefresh();
    }

    /** The silent-customer audit (seed 000). */
    interface Audit {
        /** No human contact for this many days makes an account silent. */
        @WithDefault("90")
        int silentDays();

        /** The pilot cohort: this share of the silent accounts, by revenue. */
        @WithDefault("0.20")
        BigDecimal cohortShare();

        /** Re-engagement is measured this many days after the pilot starts. */
        @WithDefault("30")
        int windowDays();

        /** The seed's expected re-engagement band. */
        @WithDefault("0.15")
        BigDecimal expectedLow();

        @WithDefault("0.25")
        BigDecimal expectedHigh();
    }

    interface TimeToValue {
        /** The adoption component an account must first reach to have realised value. */
        @WithDefault("60")
        int adoptionMilestone();
    }

    interface Money {
        @WithDefault("EUR")
        String reportingCurrency();

        /** Fixed conversion rates into the reporting currency, e.g. {@code segmentation.money.rates.USD=0.92}. */
        Map<String, BigDecimal> rates();
    }

    interface Import {
        @WithDefault("200000")
        int maxRows();

        @WithDefault("1000")
        int batchSize();
    }
}

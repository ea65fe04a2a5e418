package io.retentionplatform.scoring.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How the scoring pipeline copes with failures and scale, prefix {@code scoring.pipeline}. */
@ConfigMapping(prefix = "scoring.pipeline")
public interface PipelineConfig {

    /** Backoff of retries after a failure of MongoDB or Kafka: the first wait, doubled up to the longest. */
    @WithDefault("PT0.2S")
    Duration retryFirstBackoff();

    @WithDefault("PT10S")
    Duration retryMaxBackoff();

    /** Accounts per chunk of the replay and of the daily rescore (one bulk read and one bulk write each). */
    @WithDefault("500")
    int chunkSize();

    /**
     * Accounts folded at once within one consumed batch (one bulk read and one bulk write each): bounds the states held
     * in memory when a batch holds many distinct accounts.
     */
    @WithDefault("250")
    int foldAccountsPerRound();

    /** Chunks of the replay and the daily rescore in flight at once. */
    @WithDefault("2")
    int chunkConcurrency();

    /** How often each instance reads the model back from MongoDB (a change made on another instance). */
    @WithDefault("PT5S")
    Duration modelRefreshInterval();

    /** How long a claim on the replay or the daily rescore lasts without being renewed (its owner died). */
    @WithDefault("PT30S")
    Duration jobLease();
}

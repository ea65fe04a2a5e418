package io.retentionplatform.scoring.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Typed settings of scoring-service, prefix {@code scoring}. */
@ConfigMapping(prefix = "scoring")
public interface ScoringConfig {

    Ingest ingest();

    Health health();

    interface Ingest {
        /** How far in the future an event's time may lie (clock skew between sender and us), in seconds. */
        @WithDefault("300")
        long maxFutureSkewSeconds();
    }

    interface Health {
        /** Signals older than this many days do not count towards the health score. */
        @WithDefault("30")
        int windowDays();

        Weights weights();

        Bands bands();
    }

    /** Weights of the three components (seed 000, step 2: adoption + support + engagement). */
    interface Weights {
        @WithDefault("0.4")
        double adoption();

        @WithDefault("0.3")
        double support();

        @WithDefault("0.3")
        double engagement();
    }

    /** Lowest score of each band; below {@code watch} an account is at risk. */
    interface Bands {
        @WithDefault("70")
        int healthy();

        @WithDefault("40")
        int watch();
    }
}

package io.retentionplatform.support.security;

import java.time.Duration;
import java.util.Map;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithParentName;

/**
 * Named rate limits: {@code platform.rate-limits.<name>.requests} calls per {@code .period} per caller, as a token
 * bucket (a full bucket allows a burst of {@code requests}, then it refills evenly over the period).
 */
@ConfigMapping(prefix = "platform.rate-limits")
public interface RateLimitConfig {

    @WithParentName
    Map<String, Limit> limits();

    interface Limit {

        /** Calls allowed per period (and the largest burst). */
        long requests();

        Duration period();
    }
}

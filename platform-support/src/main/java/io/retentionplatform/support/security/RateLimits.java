package io.retentionplatform.support.security;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.quarkus.security.identity.SecurityIdentity;

/**
 * One token bucket per limit and caller, kept in memory per instance (so with n instances a caller gets up to n
 * times the limit; the gateway or an ingress in front can enforce a global one). Buckets of callers idle for ten
 * minutes are dropped, so the memory stays bounded whatever the number of callers.
 */
@ApplicationScoped
public class RateLimits {

    /** How long a caller must wait, in whole seconds (the {@code Retry-After} value). */
    public record Refusal(String limit, long retryAfterSeconds) {
    }

    private final Map<String, RateLimitConfig.Limit> limits;
    private final Cache<String, Bucket> buckets = Caffeine.newBuilder()
            .maximumSize(200_000)
            .expireAfterAccess(Duration.ofMinutes(10))
            .build();

    RateLimits(RateLimitConfig config) {
        this.limits = config.limits();
    }

    /**
     * Counts one call of {@code identity} against the limit {@code name}.
     *
     * @return a refusal when the caller is over the limit; empty when the call may go on (also for a limit that is
     *         not configured, which means unlimited)
     */
    public Optional<Refusal> tryCall(String name, SecurityIdentity identity) {
        RateLimitConfig.Limit limit = limits.get(name);
        if (limit == null || identity.isAnonymous()) {
            return Optional.empty();
        }
        String caller = name + '\u0000' + identity.getPrincipal().getName();
        Bucket bucket = buckets.get(caller, key -> Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(limit.requests()).refillGreedy(limit.requests(), limit.period()).build())
                .build());
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        if (probe.isConsumed()) {
            return Optional.empty();
        }
        long seconds = Math.max(1, (probe.getNanosToWaitForRefill() + 999_999_999L) / 1_000_000_000L);
        return Optional.of(new Refusal(name, seconds));
    }
}

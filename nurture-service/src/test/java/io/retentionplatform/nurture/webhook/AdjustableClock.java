package io.retentionplatform.nurture.webhook;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;

/**
 * The service's clock in the tests: the system clock plus an offset a test moves forward, so that retries due in
 * minutes or hours come due at once instead of after a sleep; {@link #freeze()} stops it, for tests that check that
 * something does not happen before its time. Unfrozen at offset zero it is the system clock, so tests that never touch
 * it see no difference.
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class AdjustableClock extends Clock {

    private final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);
    /** When set, time stands still here (plus the offset): the wall time a test spends waiting does not count. */
    private volatile Instant frozenAt;

    public void freeze() {
        frozenAt = Instant.now();
    }

    public void advance(Duration by) {
        offset.updateAndGet(current -> current.plus(by));
    }

    public void reset() {
        frozenAt = null;
        offset.set(Duration.ZERO);
    }

    @Override
    public Instant instant() {
        Instant frozen = frozenAt;
        return (frozen != null ? frozen : Instant.now()).plus(offset.get());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return Clock.fixed(instant(), zone);
    }
}

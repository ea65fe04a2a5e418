package io.retentionplatform.infra.attack;

import java.util.concurrent.locks.LockSupport;

/**
 * Spaces requests that share one API key evenly at a set rate, so that a campaign meant to reach input validation
 * stays under the per-key rate limit (429s are still counted, separately).
 */
final class Pacer {

    private final long intervalNanos;
    private long next;

    /** {@code perSecond} of 0 or less: no pacing. */
    Pacer(double perSecond) {
        this.intervalNanos = perSecond <= 0 ? 0 : (long) (1_000_000_000L / perSecond);
        this.next = System.nanoTime();
    }

    /** Blocks until this caller's slot. */
    void await() {
        if (intervalNanos == 0) {
            return;
        }
        long slot;
        synchronized (this) {
            long now = System.nanoTime();
            slot = Math.max(now, next);
            next = slot + intervalNanos;
        }
        long wait;
        while ((wait = slot - System.nanoTime()) > 0) {
            LockSupport.parkNanos(wait);
        }
    }
}

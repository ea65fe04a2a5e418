package io.retentionplatform.nurture.schedule;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * At most {@code maxTouches} customer touches per {@code window} for one account, across all its cadences. A step over
 * the cap is postponed to the moment the oldest counted touch leaves the window, never dropped.
 */
public final class ContactCap {

    private final int maxTouches;
    private final Duration window;
    private final List<Instant> touches;

    /** @param recentTouches the account's touches inside the window ending now, in any order */
    public ContactCap(int maxTouches, Duration window, List<Instant> recentTouches) {
        this.maxTouches = maxTouches;
        this.window = window;
        this.touches = new ArrayList<>(recentTouches);
        this.touches.sort(null);
    }

    /** Empty when a touch may go out at {@code now} (and counts it); else the time to postpone it to. */
    public Optional<Instant> tryTouch(Instant now) {
        touches.removeIf(t -> !t.isAfter(now.minus(window)));
        if (touches.size() < maxTouches) {
            touches.add(now);
            return Optional.empty();
        }
        // The window holds maxTouches or more: the (size - maxTouches)-th oldest leaving it frees a place.
        return Optional.of(touches.get(touches.size() - maxTouches).plus(window));
    }
}

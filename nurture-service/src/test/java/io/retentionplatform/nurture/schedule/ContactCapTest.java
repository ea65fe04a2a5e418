package io.retentionplatform.nurture.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

class ContactCapTest {

    private static final Instant NOW = Instant.parse("2026-03-10T09:00:00Z");

    @Test
    void aTouchOverTheCapIsPostponedUntilTheOldestLeavesTheWindow() {
        Instant oldest = NOW.minus(Duration.ofDays(5));
        ContactCap cap = new ContactCap(3, Duration.ofDays(7), List.of(NOW.minus(Duration.ofDays(1)), oldest,
                NOW.minus(Duration.ofDays(3))));
        assertThat(cap.tryTouch(NOW)).contains(oldest.plus(Duration.ofDays(7)));
    }

    @Test
    void touchesOutsideTheWindowDoNotCountAndEachTouchAllowedCounts() {
        ContactCap cap = new ContactCap(2, Duration.ofDays(7), List.of(NOW.minus(Duration.ofDays(8))));
        assertThat(cap.tryTouch(NOW)).isEmpty();
        assertThat(cap.tryTouch(NOW)).isEmpty();
        assertThat(cap.tryTouch(NOW)).contains(NOW.plus(Duration.ofDays(7)));
    }

    @Test
    void thePostponedTimeIsFreeOfTheCap() {
        ContactCap cap = new ContactCap(1, Duration.ofDays(7), List.of(NOW.minus(Duration.ofDays(2))));
        Instant later = cap.tryTouch(NOW).orElseThrow();
        assertThat(cap.tryTouch(later)).isEmpty();
    }
}

package io.retentionplatform.nurture.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.retentionplatform.nurture.webhook.RetrySchedule.Next;
import io.retentionplatform.nurture.webhook.RetrySchedule.Verdict;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The verdict after an attempt, with the Standard Webhooks schedule (0s, 5s, 5m, 30m, 2h, 5h, 10h, 10h). */
class RetryScheduleTest {

    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
    private static final RetrySchedule SCHEDULE = new RetrySchedule(List.of(Duration.ZERO, Duration.ofSeconds(5),
            Duration.ofMinutes(5), Duration.ofMinutes(30), Duration.ofHours(2), Duration.ofHours(5), Duration.ofHours(10),
            Duration.ofHours(10)), Duration.ofHours(24));

    @ParameterizedTest(name = "attempt {0}, status {1}, Retry-After {2}, refused {3}: {4} after {5}")
    @CsvSource(nullValues = "-", value = {
            // attempt, status, Retry-After, refused, verdict, wait
            "1, 200, -, false, DELIVERED, -",
            "1, 204, -, false, DELIVERED, -",
            "8, 299, -, false, DELIVERED, -",
            "1, 410, -, false, ENDPOINT_GONE, -",
            "1, 500, -, false, RETRY, PT5S",
            "2, 500, -, false, RETRY, PT5M",
            "3, -, -, false, RETRY, PT30M",           // timeout or connection error
            "4, 404, -, false, RETRY, PT2H",
            "5, 302, -, false, RETRY, PT5H",          // redirects are not followed
            "7, 500, -, false, RETRY, PT10H",
            "8, 500, -, false, FAILED, -",            // the last attempt
            "1, 429, 120, false, RETRY, PT2M",
            "1, 503, 3600, false, RETRY, PT1H",
            "1, 429, 'Sun, 01 Mar 2026 10:10:00 GMT', false, RETRY, PT10M",
            "1, 429, 'Sun, 01 Mar 2026 09:00:00 GMT', false, RETRY, PT0S",
            "1, 429, 999999999, false, RETRY, PT24H", // cut to max-retry-after
            "1, 429, soon, false, RETRY, PT5S",       // unreadable: the schedule
            "1, 500, 120, false, RETRY, PT5S",        // Retry-After counts for 429 and 503 only
            "8, 429, 120, false, FAILED, -",
            "1, -, -, true, FAILED, -",               // refused by the SSRF guard: never retried
    })
    void verdictAfterAnAttempt(int attempt, Integer status, String retryAfter, boolean refused, Verdict verdict,
            Duration wait) {
        Next next = SCHEDULE.after(attempt, status, retryAfter, refused, NOW);
        assertThat(next.verdict()).isEqualTo(verdict);
        assertThat(next.at()).isEqualTo(wait == null ? null : NOW.plus(wait));
    }
}

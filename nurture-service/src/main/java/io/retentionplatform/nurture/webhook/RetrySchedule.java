package io.retentionplatform.nurture.webhook;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;

/**
 * What happens to a message after an attempt (Standard Webhooks, "Retry schedule"): 2xx delivered; 410 Gone disables
 * the endpoint; 429 and 503 wait for the receiver's {@code Retry-After} (seconds or an HTTP date); any other answer,
 * a timeout or a connection error waits for the next step of the schedule; after the last attempt, or an address the
 * SSRF guard refused, the message has failed.
 * <p>
 * The schedule lives in the database ({@code next_attempt_at}), not in memory: retries spread over a day must survive
 * restarts and be picked up by any instance, which an in-process retry (SmallRye Fault Tolerance's {@code @Retry})
 * cannot do. Plain Java, so the rules are tested without a server.
 */
public final class RetrySchedule {

    public enum Verdict { DELIVERED, RETRY, FAILED, ENDPOINT_GONE }

    /** The verdict, and for {@link Verdict#RETRY} when to try again. */
    public record Next(Verdict verdict, Instant at) {
    }

    private final List<Duration> waits;
    private final Duration maxRetryAfter;

    /** {@code waits}: the wait before each attempt (the first is usually zero); its size is the number of attempts. */
    public RetrySchedule(List<Duration> waits, Duration maxRetryAfter) {
        if (waits.isEmpty()) {
            throw new IllegalArgumentException("The retry schedule needs at least one attempt");
        }
        this.waits = List.copyOf(waits);
        this.maxRetryAfter = maxRetryAfter;
    }

    public int attempts() {
        return waits.size();
    }

    /** When a new message is first tried. */
    public Instant first(Instant enqueuedAt) {
        return enqueuedAt.plus(waits.get(0));
    }

    /**
     * After attempt number {@code attemptsMade} (1 for the first) answered {@code status} (null: no answer, the
     * request failed or was refused).
     *
     * @param retryAfter the answer's {@code Retry-After} header, or null
     * @param refused    true when the SSRF guard refused the address: not retried
     */
    public Next after(int attemptsMade, Integer status, String retryAfter, boolean refused, Instant now) {
        if (status != null && status >= 200 && status < 300) {
            return new Next(Verdict.DELIVERED, null);
        }
        if (status != null && status == 410) {
            return new Next(Verdict.ENDPOINT_GONE, null);
        }
        if (refused || attemptsMade >= waits.size()) {
            return new Next(Verdict.FAILED, null);
        }
        if (status != null && (status == 429 || status == 503)) {
            Optional<Duration> asked = retryAfter(retryAfter, now);
            if (asked.isPresent()) {
                Duration wait = asked.get().compareTo(maxRetryAfter) > 0 ? maxRetryAfter : asked.get();
                return new Next(Verdict.RETRY, now.plus(wait));
            }
        }
        return new Next(Verdict.RETRY, now.plus(waits.get(attemptsMade)));
    }

    /** {@code Retry-After} (RFC 9110 section 10.2.3): delay-seconds or an HTTP date; empty when neither. */
    static Optional<Duration> retryAfter(String header, Instant now) {
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        String value = header.trim();
        if (value.chars().allMatch(Character::isDigit)) {
            try {
                return Optional.of(Duration.ofSeconds(Long.parseLong(value)));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
        try {
            Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            return Optional.of(at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}

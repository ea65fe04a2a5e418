package io.retentionplatform.scoring.ingest;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkiverse.resteasy.problem.HttpProblem;
import io.retentionplatform.contracts.EngagementEventMessage;
import io.retentionplatform.contracts.EngagementEventType;
import io.retentionplatform.scoring.config.ScoringConfig;
import io.smallrye.mutiny.Uni;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Validates the entries of any ingest format and publishes the valid ones to Kafka, keyed by account id, with only the
 * attributes {@link AttributeAllowList} keeps (the same for every format). The returned outcome is complete only when
 * Kafka has acknowledged every accepted event. An event too large for one Kafka record is refused before anything is
 * sent (413 alone, by index in a batch). If Kafka refuses or does not acknowledge in time, the whole request is 503 with
 * {@code Retry-After} (the sender retries, and the event ids make the retry harmless).
 */
@ApplicationScoped
public class Ingestion {

    public static final int MAX_EVENTS_PER_REQUEST = 1000;
    public static final int MAX_BYTES_PER_REQUEST = 1024 * 1024;
    /**
     * Added to key and value to bound a record's size as the producer counts it: a record batch's header (61 bytes),
     * the record's own framing (up to 21) and room for headers.
     */
    static final int RECORD_OVERHEAD_BYTES = 256;

    private final EventValidator validator;
    private final AttributeAllowList allowList;
    private final EventPublisher publisher;
    private final ObjectMapper json;
    private final int maxRecordBytes;
    private final Duration retryAfter;
    private final Clock clock;
    private final Counter acceptedCounter;
    private final Counter rejectedCounter;
    private final Counter skippedCounter;

    public Ingestion(EventPublisher publisher, ScoringConfig config, ObjectMapper json, Clock clock, MeterRegistry metrics,
            @ConfigProperty(name = "mp.messaging.outgoing." + EventPublisher.CHANNEL + ".max.request.size",
                    defaultValue = "1048576") int maxRecordBytes) {
        ScoringConfig.Ingest ingest = config.ingest();
        this.validator = new EventValidator(Duration.ofSeconds(ingest.maxFutureSkewSeconds()),
                new IngestLimits(ingest.maxAttributes(), ingest.maxAttributeLength(), ingest.maxAttributeNameLength()));
        this.allowList = new AttributeAllowList(ingest.attributeAllowList().orElse(List.of()));
        this.publisher = publisher;
        this.json = json;
        this.maxRecordBytes = maxRecordBytes;
        this.retryAfter = ingest.retryAfter();
        this.clock = clock;
        this.acceptedCounter = metrics.counter("scoring.events.accepted");
        this.rejectedCounter = metrics.counter("scoring.events.rejected");
        this.skippedCounter = metrics.counter("scoring.events.skipped");
    }

    /** The valid submission with only the attributes the allow-list keeps: what is not needed never reaches Kafka. */
    private EventSubmission minimised(EventSubmission s) {
        return new EventSubmission(s.id(), s.accountId(), s.type(), s.occurredAt(),
                allowList.filter(EngagementEventType.fromWireName(s.type()).orElse(null), s.attributes()));
    }

    public Uni<IngestOutcome> ingest(List<Candidate> candidates) {
        List<IngestOutcome.Rejection> rejected = new ArrayList<>();
        List<IngestOutcome.Skip> skipped = new ArrayList<>();
        List<EngagementEventMessage> valid = new ArrayList<>();
        var now = clock.instant();
        for (Candidate candidate : candidates) {
            if (candidate.skipped() != null) {
                skipped.add(new IngestOutcome.Skip(candidate.index(), candidate.sourceId(), candidate.skipped()));
                continue;
            }
            List<FieldViolation> violations = new ArrayList<>(candidate.violations());
            if (candidate.submission() != null) {
                // A field the format's reading already named is not named twice.
                validator.violations(candidate.submission(), now).stream().map(candidate.fields()::rename)
                        .filter(v -> violations.stream().noneMatch(found -> found.field().equals(v.field())))
                        .forEach(violations::add);
            }
            if (!violations.isEmpty()) {
                rejected.add(new IngestOutcome.Rejection(candidate.index(), candidate.sourceId(), violations));
                continue;
            }
            EngagementEventMessage message = validator.toMessage(minimised(candidate.submission()), now);
            int size = recordSize(message);
            if (size > maxRecordBytes) {
                rejected.add(new IngestOutcome.Rejection(candidate.index(), candidate.sourceId(), List.of(new FieldViolation(
                        candidate.fields().of("attributes"), "the event takes " + size + " bytes as a Kafka record; at most "
                                + maxRecordBytes + " fit (shorten the attributes kept: README, personal data at ingest)")),
                        true));
            } else {
                valid.add(message);
            }
        }
        rejectedCounter.increment(rejected.size());
        skippedCounter.increment(skipped.size());
        List<String> accepted = valid.stream().map(EngagementEventMessage::eventId).toList();
        if (valid.isEmpty()) {
            return Uni.createFrom().item(new IngestOutcome(accepted, rejected, skipped));
        }
        List<Uni<Void>> sends = valid.stream().map(publisher::publish).toList();
        return Uni.join().all(sends).andFailFast()
                .onFailure().transform(this::problem)
                .invoke(() -> acceptedCounter.increment(valid.size()))
                .map(ignored -> new IngestOutcome(accepted, rejected, skipped));
    }

    /** The record's size as the producer bounds it: key, value as the channel serializes it (Jackson), framing. */
    private int recordSize(EngagementEventMessage message) {
        try {
            return json.writeValueAsBytes(message).length + message.accountId().getBytes(StandardCharsets.UTF_8).length
                    + RECORD_OVERHEAD_BYTES;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("An engagement event could not be written as JSON", e);
        }
    }

    /** 413 if Kafka found a record too large (a broker limit below ours), else 503 with Retry-After. */
    private Throwable problem(Throwable failure) {
        if (causes(failure, RecordTooLargeException.class)) {
            return Problems.tooLarge("Kafka refused an event as too large (" + failure.getMessage() + "); send smaller "
                    + "events (other events of a batch may have been queued: event ids make sending them again harmless)");
        }
        return HttpProblem.builder()
                .withStatus(Response.Status.SERVICE_UNAVAILABLE)
                .withTitle("Events could not be queued")
                .withDetail("Kafka did not acknowledge every event (" + failure.getMessage() + "); send the request "
                        + "again: event ids make the retry harmless")
                .withHeader("Retry-After", Math.max(1, retryAfter.toSeconds()))
                .build();
    }

    private static boolean causes(Throwable failure, Class<? extends Throwable> kind) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (kind.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}

package io.retentionplatform.scoring.ingest;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.retentionplatform.contracts.EngagementEventMessage;
import io.retentionplatform.contracts.EngagementEventType;
import io.retentionplatform.scoring.config.ScoringConfig;
import io.smallrye.mutiny.Uni;

/**
 * Validates the entries of any ingest format and publishes the valid ones to Kafka, keyed by account id, with only the
 * attributes {@link AttributeAllowList} keeps (the same for every format). The
 * returned outcome is complete only when Kafka has acknowledged every accepted event; if Kafka refuses any, the
 * whole request fails (the sender retries, and the event ids make the retry harmless).
 */
@ApplicationScoped
public class Ingestion {

    public static final int MAX_EVENTS_PER_REQUEST = 1000;
    public static final int MAX_BYTES_PER_REQUEST = 1024 * 1024;

    private final EventValidator validator;
    private final AttributeAllowList allowList;
    private final EventPublisher publisher;
    private final Clock clock;
    private final Counter acceptedCounter;
    private final Counter rejectedCounter;
    private final Counter skippedCounter;

    public Ingestion(EventPublisher publisher, ScoringConfig config, Clock clock, MeterRegistry metrics) {
        this.validator = new EventValidator(Duration.ofSeconds(config.ingest().maxFutureSkewSeconds()));
        this.allowList = new AttributeAllowList(config.ingest().attributeAllowList().orElse(List.of()));
        this.publisher = publisher;
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
            List<FieldViolation> violations = candidate.submission() == null ? candidate.violations()
                    : validator.violations(candidate.submission(), now);
            if (!violations.isEmpty()) {
                rejected.add(new IngestOutcome.Rejection(candidate.index(), candidate.sourceId(), violations));
            } else {
                valid.add(validator.toMessage(minimised(candidate.submission()), now));
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
                .onFailure().transform(failure -> io.quarkiverse.resteasy.problem.HttpProblem.builder()
                        .withStatus(jakarta.ws.rs.core.Response.Status.SERVICE_UNAVAILABLE)
                        .withTitle("Events could not be queued")
                        .withDetail("Kafka did not acknowledge every event (" + failure.getMessage() + "); send the request "
                                + "again: event ids make the retry harmless")
                        .build())
                .invoke(() -> acceptedCounter.increment(valid.size()))
                .map(ignored -> new IngestOutcome(accepted, rejected, skipped));
    }
}

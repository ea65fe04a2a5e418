package io.retentionplatform.scoring.messaging;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.retentionplatform.contracts.ArrChangeMessage;
import io.retentionplatform.contracts.EngagementEventMessage;
import io.retentionplatform.contracts.EngagementEventType;
import io.retentionplatform.scoring.ingest.EventValidator;
import io.retentionplatform.scoring.ingest.FieldViolation;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Forwards commercial events (ARR changes, renewals) on {@code arr-changes}, keyed by account id: segmentation-service
 * owns accounts and money and records them as ARR movements without reading engagement events. The message id is the
 * event id, so sending the same event again (a redelivery) is harmless: segmentation deduplicates on it.
 */
@ApplicationScoped
public class ArrChangeForwarder {

    public static final String CHANNEL = "arr-changes-out";

    private final MutinyEmitter<ArrChangeMessage> emitter;

    public ArrChangeForwarder(@Channel(CHANNEL) MutinyEmitter<ArrChangeMessage> emitter) {
        this.emitter = emitter;
    }

    /**
     * The message a commercial event is forwarded as; empty for any other event.
     *
     * @throws IllegalArgumentException if the commercial event's attributes break the ingest rules
     */
    public static Optional<ArrChangeMessage> toMessage(EngagementEventMessage event) {
        EngagementEventType type = EngagementEventType.fromWireName(event.type()).orElse(null);
        if (type != EngagementEventType.COMMERCIAL_ARR_CHANGE && type != EngagementEventType.COMMERCIAL_RENEWAL) {
            return Optional.empty();
        }
        Map<String, Object> attributes = event.attributes();
        List<FieldViolation> violations = new ArrayList<>();
        EventValidator.checkAttributes(type, attributes, violations);
        if (!violations.isEmpty()) {
            throw new IllegalArgumentException("Commercial event " + event.eventId() + " cannot be forwarded: " + violations);
        }
        String kind = type == EngagementEventType.COMMERCIAL_RENEWAL ? "renewal" : (String) attributes.get("kind");
        // Through the decimal text, so 1250.1 stays 1250.1 and does not become the double's binary neighbour.
        BigDecimal amount = attributes.get("amount") instanceof Number n ? new BigDecimal(n.toString()) : null;
        LocalDate renewalDate = attributes.get("renewalDate") instanceof String date ? LocalDate.parse(date) : null;
        return Optional.of(new ArrChangeMessage(ArrChangeMessage.SCHEMA_VERSION, event.eventId(), event.accountId(), kind,
                amount, (String) attributes.get("currency"), event.occurredAt(), renewalDate, event.receivedAt()));
    }

    /** Completes when Kafka has acknowledged the message (acks=all). */
    public Uni<Void> forward(ArrChangeMessage change) {
        return emitter.sendMessage(Message.of(change)
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(change.accountId()).build()));
    }
}

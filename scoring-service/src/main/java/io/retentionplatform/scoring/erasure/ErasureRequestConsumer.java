package io.retentionplatform.scoring.erasure;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.retentionplatform.contracts.ErasureConfirmationMessage;
import io.retentionplatform.contracts.ErasureRequestMessage;
import io.smallrye.mutiny.Uni;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * scoring-service's own part of an erasure: consumes erasure-requests (group {@code scoring-service}), erases, records
 * it in the {@link ErasureLog}, then confirms on erasure-confirmations. The offset is committed after the
 * confirmation's ack. A redelivered request erases nothing again and confirms again only if its first confirmation
 * was never acknowledged, so a request delivered twice is normally confirmed once. Storage failures are retried
 * before the request is dead-lettered (and the API's retry publishes unconfirmed requests again later).
 */
@ApplicationScoped
public class ErasureRequestConsumer {

    public static final String CHANNEL = "erasure-requests-in";
    private static final Logger LOG = Logger.getLogger(ErasureRequestConsumer.class);

    private final AccountErasure erasure;
    private final ErasureLog log;
    private final ErasureConfirmationPublisher confirmations;
    private final String service;
    private final Clock clock;

    public ErasureRequestConsumer(AccountErasure erasure, ErasureLog log, ErasureConfirmationPublisher confirmations,
            @ConfigProperty(name = "quarkus.application.name") String service, Clock clock) {
        this.erasure = erasure;
        this.log = log;
        this.confirmations = confirmations;
        this.service = service;
        this.clock = clock;
    }

    @Incoming(CHANNEL)
    public Uni<Void> consume(ErasureRequestMessage request) {
        String problem = problemWith(request);
        if (problem != null) {
            return Uni.createFrom().failure(new IllegalArgumentException(problem));
        }
        return log.find(request.requestId()).chain(found -> {
            if (found.isPresent() && found.get().confirmedAt() != null) {
                return Uni.createFrom().voidItem(); // erased and confirmed before: a redelivery
            }
            Uni<ErasureLog.Entry> erased = found.map(entry -> Uni.createFrom().item(entry)).orElseGet(() -> erase(request));
            return erased.chain(this::confirm);
        }).onFailure().invoke(e -> LOG.warnf("Erasure %s failed, retrying: %s", request.requestId(), e.getMessage()))
                .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(5)).atMost(10);
    }

    /** Why the message cannot be processed (it is dead-lettered), null when it can. */
    static String problemWith(ErasureRequestMessage request) {
        if (request == null) {
            return "Unreadable erasure request (not JSON of the contract)";
        }
        if (request.schemaVersion() != ErasureRequestMessage.SCHEMA_VERSION) {
            return "Unsupported erasure request schema version " + request.schemaVersion();
        }
        if (request.requestId() == null || request.accountId() == null || request.accountId().isBlank()
                || (request.userId() != null && request.userId().isBlank())) {
            return "Incomplete erasure request " + request.requestId();
        }
        return null;
    }

    private Uni<ErasureLog.Entry> erase(ErasureRequestMessage request) {
        Instant erasedAt = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        Uni<Map<String, Long>> erased = request.wholeAccount()
                ? erasure.eraseAccount(request.accountId(), erasedAt)
                : erasure.eraseUser(request.accountId(), request.userId(), erasedAt);
        return erased.map(counts -> new ErasureLog.Entry(request.requestId(), request.accountId(), erasedAt, counts, null))
                .call(log::record)
                .invoke(entry -> LOG.infof("Erasure %s of account %s (%s): %s", request.requestId(), request.accountId(),
                        request.wholeAccount() ? "whole account" : "one user", entry.erased()));
    }

    private Uni<Void> confirm(ErasureLog.Entry entry) {
        // The erasure is durable (acknowledged writes) before it is confirmed.
        ErasureConfirmationMessage confirmation = new ErasureConfirmationMessage(ErasureConfirmationMessage.SCHEMA_VERSION,
                entry.requestId(), service, entry.accountId(), entry.erasedAt(), entry.erased());
        return confirmations.publish(confirmation)
                .chain(() -> log.markConfirmed(entry.requestId(), clock.instant()));
    }
}

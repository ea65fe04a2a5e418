package io.retentionplatform.scoring.erasure;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;

import io.quarkiverse.resteasy.problem.HttpProblem;
import io.quarkus.scheduler.Scheduled;
import io.retentionplatform.scoring.config.ScoringConfig;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import org.jboss.logging.Logger;

/**
 * Accepts erasure requests: stored first, then published on erasure-requests; the caller's answer waits for Kafka's
 * ack. A request stored but not acknowledged (Kafka away, the process died in between) is published again by a
 * scheduled retry, and so is one that some service has not confirmed for long; every consumer is idempotent.
 */
@ApplicationScoped
public class ErasureService {

    private static final Logger LOG = Logger.getLogger(ErasureService.class);

    private final ErasureRequests requests;
    private final ErasureRequestPublisher publisher;
    private final ScoringConfig config;
    private final Clock clock;

    public ErasureService(ErasureRequests requests, ErasureRequestPublisher publisher, ScoringConfig config, Clock clock) {
        this.requests = requests;
        this.publisher = publisher;
        this.config = config;
        this.clock = clock;
    }

    /** Stores and publishes a request; fails with 503 (naming the stored request) if Kafka does not acknowledge it. */
    public Uni<ErasureStatus> submit(String accountId, String userId, String requestedBy) {
        ErasureRequests.Request request = new ErasureRequests.Request("er-" + UUID.randomUUID(), accountId, userId, null,
                clock.instant().truncatedTo(ChronoUnit.MILLIS), requestedBy, null, null, Map.of());
        // Only a failed publication is "stored, published again later"; a failed insert stored nothing and fails as such.
        return requests.insert(request)
                .chain(() -> publish(request)
                        .onFailure().transform(failure -> HttpProblem.builder()
                                .withStatus(Response.Status.SERVICE_UNAVAILABLE)
                                .withTitle("Erasure request stored, not yet published")
                                .withDetail("Kafka did not acknowledge request " + request.requestId()
                                        + "; it is published again automatically: follow it at /erasures/" + request.requestId())
                                .with("requestId", request.requestId())
                                .build()))
                .chain(() -> status(request.requestId()))
                .map(Optional::orElseThrow);
    }

    public Uni<Optional<ErasureStatus>> status(String requestId) {
        return requests.find(requestId).map(found -> found.map(r -> ErasureStatus.of(r, config.erasure().services())));
    }

    public Uni<List<ErasureStatus>> recent(int limit) {
        return requests.recent(limit).map(list -> list.stream()
                .map(r -> ErasureStatus.of(r, config.erasure().services())).toList());
    }

    /** Publishes what Kafka never acknowledged, and what is unconfirmed long after its last publication. */
    @Scheduled(every = "{scoring.erasure.retry-interval}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> publishAgain() {
        Instant unconfirmedBefore = clock.instant().minus(config.erasure().republishUnconfirmedAfter());
        return requests.toPublish(unconfirmedBefore, config.erasure().services())
                .onItem().transformToMulti(list -> Multi.createFrom().iterable(list))
                .onItem().transformToUniAndConcatenate(request -> publish(request)
                        .invoke(() -> LOG.infof("Erasure request %s published again", request.requestId()))
                        .onFailure().recoverWithUni(e -> {
                            LOG.warnf("Erasure request %s still not published: %s", request.requestId(), e.getMessage());
                            return Uni.createFrom().voidItem();
                        }))
                .collect().last().replaceWithVoid();
    }

    private Uni<Void> publish(ErasureRequests.Request request) {
        return publisher.publish(request.toMessage())
                .chain(() -> requests.markPublished(request.requestId(), clock.instant()));
    }
}

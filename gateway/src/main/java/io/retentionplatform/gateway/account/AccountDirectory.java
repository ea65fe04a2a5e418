package io.retentionplatform.gateway.account;

import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;

import io.retentionplatform.gateway.client.SegmentationClient;
import io.retentionplatform.gateway.errors.UpstreamUnavailableException;
import io.smallrye.mutiny.Uni;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/** Accounts as the services know them: calls with a timeout and retries, 404 as "no such account". */
@ApplicationScoped
public class AccountDirectory {

    private final SegmentationClient segmentation;

    public AccountDirectory(@RestClient SegmentationClient segmentation) {
        this.segmentation = segmentation;
    }

    @Timeout(value = 3, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 100, abortOn = WebApplicationException.class)
    public Uni<Optional<Account>> account(String id) {
        return segmentation.account(id)
                .map(dto -> Optional.of(toAccount(dto)))
                .onFailure(AccountDirectory::isNotFound).recoverWithItem(Optional.empty());
    }

    @Timeout(value = 5, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 100, abortOn = WebApplicationException.class)
    public Uni<List<Account>> accounts(int page, int size) {
        return segmentation.accounts(page, size).map(list -> list.stream().map(AccountDirectory::toAccount).toList());
    }

    /** Wraps what the fault-tolerance layer gave up on into a GraphQL error with a code. */
    public static <T> Uni<T> orUnavailable(Uni<T> call) {
        return call.onFailure(failure -> !(failure instanceof WebApplicationException w) || w.getResponse().getStatus() >= 500)
                .transform(failure -> new UpstreamUnavailableException("segmentation-service", failure));
    }

    private static boolean isNotFound(Throwable failure) {
        return failure instanceof WebApplicationException w && w.getResponse().getStatus() == 404;
    }

    private static Account toAccount(SegmentationClient.AccountDto dto) {
        SegmentationClient.HealthDto h = dto.health();
        return new Account(dto.accountId(), h == null ? null
                : new HealthScore(h.score(), h.band(), h.adoption(), h.support(), h.engagement(), h.version(), h.computedAt()));
    }
}

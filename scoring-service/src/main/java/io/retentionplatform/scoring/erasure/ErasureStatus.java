package io.retentionplatform.scoring.erasure;

import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * An erasure request as the API shows it: per expected service {@code pending} or {@code confirmed} (with the time
 * and what it erased), and {@code complete} once all have confirmed.
 */
@Schema(description = "An erasure request (GDPR art. 17) and each service's confirmation")
public record ErasureStatus(
        String requestId,
        String accountId,
        @Schema(description = "account: the whole account; user: one person's user id")
        String scope,
        @Schema(description = "The erased user id while the request is pending; null once complete (only its hash is kept)")
        String userId,
        Instant requestedAt,
        String requestedBy,
        @Schema(description = "When Kafka first acknowledged the request; null while it waits to be published again")
        Instant publishedAt,
        Map<String, ServiceStatus> services,
        boolean complete) {

    /** One service's part. */
    public record ServiceStatus(String status, Instant confirmedAt, Map<String, Long> erased) {
    }

    static ErasureStatus of(ErasureRequests.Request request, Collection<String> expected) {
        Map<String, ServiceStatus> services = new LinkedHashMap<>();
        for (String service : expected) {
            ErasureRequests.Confirmation c = request.confirmations().get(service);
            services.put(service, c == null ? new ServiceStatus("pending", null, null)
                    : new ServiceStatus("confirmed", c.confirmedAt(), c.erased()));
        }
        // A confirmation from a service not (or no longer) expected is shown too; it does not decide completeness.
        request.confirmations().forEach((service, c) -> services.putIfAbsent(service,
                new ServiceStatus("confirmed", c.confirmedAt(), c.erased())));
        return new ErasureStatus(request.requestId(), request.accountId(), request.wholeAccount() ? "account" : "user",
                request.userId(), request.requestedAt(), request.requestedBy(), request.publishedAt(), services,
                request.confirmedByAll(expected));
    }
}

package io.retentionplatform.gateway.client;

import java.time.Instant;
import java.util.List;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;

import io.retentionplatform.gateway.security.CallerTokenPropagation;
import io.smallrye.mutiny.Uni;
import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** segmentation-service's REST API, as far as the gateway reads it; called with the caller's own token. */
@RegisterRestClient(configKey = "segmentation-service")
@RegisterClientHeaders(CallerTokenPropagation.class)
@Path("/accounts")
public interface SegmentationClient {

    record AccountDto(String accountId, HealthDto health) {
    }

    record HealthDto(int score, String band, int adoption, int support, int engagement, long version, Instant computedAt) {
    }

    @GET
    @Path("/{accountId}")
    Uni<AccountDto> account(@PathParam("accountId") String accountId);

    @GET
    Uni<List<AccountDto>> accounts(@QueryParam("page") int page, @QueryParam("size") int size);
}

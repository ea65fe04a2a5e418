package io.retentionplatform.gateway.client;

import java.util.List;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import io.retentionplatform.gateway.client.Dtos.EventDto;
import io.retentionplatform.gateway.client.Dtos.Explanation;
import io.retentionplatform.gateway.client.Dtos.HealthDetailDto;
import io.retentionplatform.gateway.client.Dtos.HistoryPoint;
import io.retentionplatform.gateway.client.Dtos.ModelAndReplayDto;
import io.retentionplatform.gateway.client.Dtos.ModelDto;
import io.retentionplatform.gateway.client.Dtos.ValueRealization;
import io.retentionplatform.gateway.security.CallerTokenPropagation;
import io.smallrye.mutiny.Uni;
import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** scoring-service's REST API, as far as the gateway reads it; called with the caller's own token. */
@RegisterRestClient(configKey = "scoring-service")
@RegisterClientHeaders(CallerTokenPropagation.class)
@RegisterProvider(DownstreamCalls.class)
public interface ScoringClient {

    @GET
    @Path("/health")
    Uni<List<HealthDetailDto>> health(@QueryParam("accountId") List<String> accountIds);

    @GET
    @Path("/accounts/{accountId}/health/history")
    Uni<List<HistoryPoint>> history(@PathParam("accountId") String accountId, @QueryParam("from") String from,
            @QueryParam("to") String to, @QueryParam("limit") int limit);

    @GET
    @Path("/accounts/{accountId}/health/explanation")
    Uni<Explanation> explanation(@PathParam("accountId") String accountId);

    @GET
    @Path("/accounts/{accountId}/value-realization")
    Uni<ValueRealization> valueRealization(@PathParam("accountId") String accountId);

    @GET
    @Path("/accounts/{accountId}/events")
    Uni<List<EventDto>> events(@PathParam("accountId") String accountId, @QueryParam("page") int page,
            @QueryParam("size") int size);

    @GET
    @Path("/model")
    Uni<ModelAndReplayDto> model();

    @PUT
    @Path("/model")
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<java.util.Map<String, Object>> changeModel(ModelDto change);
}

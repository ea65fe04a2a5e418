package io.retentionplatform.gateway.client;

import java.util.List;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import io.retentionplatform.gateway.client.Dtos.EligibilityDto;
import io.retentionplatform.gateway.client.Dtos.EnrollmentDto;
import io.retentionplatform.gateway.security.CallerTokenPropagation;
import io.smallrye.mutiny.Uni;
import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** nurture-service's REST API, as far as the gateway reads it; called with the caller's own token. */
@RegisterRestClient(configKey = "nurture-service")
@RegisterClientHeaders(CallerTokenPropagation.class)
@RegisterProvider(DownstreamCalls.class)
public interface NurtureClient {

    @GET
    @Path("/expansion-eligibility")
    Uni<List<EligibilityDto>> eligibility(@QueryParam("accountId") List<String> accountIds);

    @GET
    @Path("/accounts/{accountId}/enrollments")
    Uni<List<EnrollmentDto>> enrollments(@PathParam("accountId") String accountId);

    @POST
    @Path("/cadences/{cadenceId}/enrollments")
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<EnrollmentDto> enroll(@PathParam("cadenceId") String cadenceId, Dtos.EnrollInput input);

    @POST
    @Path("/enrollments/{enrollmentId}/stop")
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<EnrollmentDto> stop(@PathParam("enrollmentId") long enrollmentId, Dtos.StopInput input);
}

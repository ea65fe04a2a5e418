package io.retentionplatform.gateway.client;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import io.retentionplatform.gateway.client.Dtos.AccountDto;
import io.retentionplatform.gateway.client.Dtos.PilotDto;
import io.retentionplatform.gateway.client.Dtos.SegmentDto;
import io.retentionplatform.gateway.client.Dtos.SilentReportDto;
import io.retentionplatform.gateway.client.Dtos.StayDto;
import io.retentionplatform.gateway.security.CallerTokenPropagation;
import io.smallrye.mutiny.Uni;
import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** segmentation-service's REST API, as far as the gateway reads it; called with the caller's own token. */
@RegisterRestClient(configKey = "segmentation-service")
@RegisterClientHeaders(CallerTokenPropagation.class)
@RegisterProvider(DownstreamCalls.class)
public interface SegmentationClient {

    @GET
    @Path("/accounts/{accountId}")
    Uni<AccountDto> account(@PathParam("accountId") String accountId);

    @GET
    @Path("/accounts")
    Uni<List<AccountDto>> accounts(@QueryParam("offset") int offset, @QueryParam("size") int size,
            @QueryParam("quadrant") String quadrant, @QueryParam("band") String band, @QueryParam("segment") String segment,
            @QueryParam("industry") String industry, @QueryParam("owner") String owner,
            @QueryParam("renewalWithinDays") Integer renewalWithinDays, @QueryParam("minSilentDays") Integer minSilentDays,
            @QueryParam("satisfactionTrap") Boolean satisfactionTrap, @QueryParam("expansionEligible") Boolean expansionEligible,
            @QueryParam("sort") String sort, @QueryParam("descending") boolean descending);

    @GET
    @Path("/accounts/current-segments")
    Uni<List<StayDto>> currentSegments(@QueryParam("accountId") List<String> accountIds);

    @GET
    @Path("/accounts/{accountId}/segments")
    Uni<List<StayDto>> segmentHistory(@PathParam("accountId") String accountId, @QueryParam("page") int page,
            @QueryParam("size") int size);

    @GET
    @Path("/portfolio/kpis")
    Uni<Dtos.Kpis> kpis(@QueryParam("from") LocalDate from, @QueryParam("to") LocalDate to);

    @GET
    @Path("/audit/silent")
    Uni<SilentReportDto> silentAudit(@QueryParam("silentDays") Integer silentDays, @QueryParam("page") int page,
            @QueryParam("size") int size);

    @GET
    @Path("/audit/pilots")
    Uni<List<PilotDto>> pilots();

    @POST
    @Path("/audit/pilots")
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<PilotDto> startPilot(Dtos.PilotInput input);

    @GET
    @Path("/economics/portfolio")
    Uni<Dtos.PortfolioEconomics> economics();

    @GET
    @Path("/economics/scenarios")
    Uni<Dtos.Scenarios> scenarios(@QueryParam("customers") Integer customers, @QueryParam("firstPurchase") BigDecimal firstPurchase,
            @QueryParam("retention") List<BigDecimal> retention, @QueryParam("years") Integer years);

    @GET
    @Path("/economics/leak")
    Uni<Dtos.LeakCalculation> leak(@QueryParam("customers") Integer customers, @QueryParam("monthlyChurn") BigDecimal monthlyChurn,
            @QueryParam("averageAnnualRevenue") BigDecimal averageAnnualRevenue, @QueryParam("improvement") BigDecimal improvement);

    @GET
    @Path("/economics/budget")
    Uni<Dtos.BudgetGuidance> budget(@QueryParam("baseArr") BigDecimal baseArr);

    @GET
    @Path("/segments")
    Uni<List<SegmentDto>> segments();

    @POST
    @Path("/segments")
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<SegmentDto> createSegment(Dtos.SegmentInput input);

    @PUT
    @Path("/segments/{segmentId}")
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<SegmentDto> editSegment(@PathParam("segmentId") String segmentId, Dtos.SegmentInput input);
}

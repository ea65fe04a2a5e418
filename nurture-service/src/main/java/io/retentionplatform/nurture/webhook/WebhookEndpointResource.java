package io.retentionplatform.nurture.webhook;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.retentionplatform.nurture.webhook.WebhookViews.CreatedEndpoint;
import io.retentionplatform.nurture.webhook.WebhookViews.DeliveryView;
import io.retentionplatform.nurture.webhook.WebhookViews.EndpointView;
import io.retentionplatform.nurture.webhook.WebhookViews.Page;
import io.retentionplatform.nurture.webhook.WebhookViews.RotatedSecret;
import io.retentionplatform.support.security.Roles;
import io.smallrye.mutiny.Uni;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Outbound webhook endpoints. Registering, deleting and rotating secrets is for admins: an endpoint decides where
 * account data leaves the platform and its secret is a credential, like an API key (see {@link Roles#ADMIN}).
 * Enabling an endpoint that answered 410 again is a manager's operational step; the endpoints and the delivery log
 * are readable by viewers, without secrets; each message's attempts are at {@link WebhookMessageResource}.
 */
@Path("/webhook-endpoints")
@Tag(name = "Webhooks")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.VIEWER)
public class WebhookEndpointResource {

    static final int MAX_PAGE_SIZE = 200;

    private final WebhookEndpoints endpoints;
    private final WebhookAddressGuard guard;

    public WebhookEndpointResource(WebhookEndpoints endpoints, WebhookAddressGuard guard) {
        this.endpoints = endpoints;
        this.guard = guard;
    }

    /**
     * An endpoint to register. {@code eventTypes} empty or absent: every event type. {@code allowPrivate}: the URL may
     * be a private address, accepted only where the deployment allows private addresses.
     */
    public record EndpointInput(@NotBlank @Size(max = 2048) String url, @Size(max = 500) String description,
            @Size(max = 100) List<@NotNull @Pattern(regexp = "[A-Za-z0-9._:-]{1,200}") String> eventTypes,
            Boolean allowPrivate) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Register an endpoint; its signing secret is in this answer only")
    public Uni<Response> create(@Valid @NotNull EndpointInput input) {
        boolean allowPrivate = Boolean.TRUE.equals(input.allowPrivate());
        if (allowPrivate && !guard.privateAddressesAllowed()) {
            throw WebhookProblems.invalid("allowPrivate", "this deployment does not allow private addresses");
        }
        return guard.check(input.url(), allowPrivate)
                .onFailure(WebhookAddressGuard.Refused.class)
                .transform(refused -> WebhookProblems.invalid("url", refused.getMessage()))
                .chain(target -> Panache.withTransaction(() -> endpoints.create(input.url(), input.description(),
                        input.eventTypes(), allowPrivate)))
                .map(created -> Response.status(201).entity(created).build());
    }

    @GET
    @WithSession
    @Operation(summary = "The registered endpoints (no secrets)")
    public Uni<List<EndpointView>> list() {
        return endpoints.list();
    }

    @GET
    @Path("{id}")
    @WithSession
    @Operation(summary = "One endpoint (no secrets)")
    public Uni<EndpointView> get(@PathParam("id") String id) {
        return endpoints.find(id).map(found -> found.orElseThrow(() -> noEndpoint(id)));
    }

    @DELETE
    @Path("{id}")
    @WithTransaction
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Delete an endpoint with its secrets and delivery log")
    public Uni<Response> delete(@PathParam("id") String id) {
        return endpoints.delete(id).map(deleted -> {
            if (!deleted) {
                throw noEndpoint(id);
            }
            return Response.noContent().build();
        });
    }

    @POST
    @Path("{id}/secrets/rotate")
    @WithTransaction
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "A new signing secret (in this answer only); the previous ones keep signing for the overlap")
    public Uni<RotatedSecret> rotate(@PathParam("id") String id) {
        return endpoints.rotate(id).map(found -> found.orElseThrow(() -> noEndpoint(id)));
    }

    @POST
    @Path("{id}/enable")
    @WithTransaction
    @RolesAllowed(Roles.MANAGER)
    @Operation(summary = "Enable an endpoint again (after a 410 Gone disabled it)")
    public Uni<EndpointView> enable(@PathParam("id") String id) {
        return endpoints.enable(id).map(found -> found.orElseThrow(() -> noEndpoint(id)));
    }

    @GET
    @Path("{id}/deliveries")
    @WithSession
    @Operation(summary = "The endpoint's messages, newest first, with their state")
    public Uni<Page<DeliveryView>> deliveries(@PathParam("id") String id,
            @QueryParam("page") @DefaultValue("0") @Min(0) @Max(1_000_000) int page,
            @QueryParam("size") @DefaultValue("50") @Min(1) @Max(MAX_PAGE_SIZE) int size) {
        return endpoints.deliveries(id, page, size).map(found -> found.orElseThrow(() -> noEndpoint(id)));
    }

    private static RuntimeException noEndpoint(String id) {
        return WebhookProblems.notFound("No webhook endpoint " + id);
    }
}

package io.retentionplatform.segmentation.account;

import java.time.Instant;
import java.util.List;

import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import io.quarkiverse.resteasy.problem.HttpProblem;
import io.smallrye.mutiny.Uni;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Read API of the accounts segmentation knows, with their latest health score. */
@Path("/accounts")
@Tag(name = "Accounts")
@Produces(MediaType.APPLICATION_JSON)
public class AccountResource {

    static final int MAX_PAGE_SIZE = 500;

    private final AccountHealthRepository accounts;

    public AccountResource(AccountHealthRepository accounts) {
        this.accounts = accounts;
    }

    public record AccountView(String accountId, HealthView health) {
    }

    public record HealthView(int score, String band, int adoption, int support, int engagement, long version,
            Instant computedAt) {
    }

    @GET
    @Path("/{accountId}")
    @WithSession
    @Operation(summary = "One account with its latest health score")
    public Uni<AccountView> account(@PathParam("accountId") String accountId) {
        return accounts.findById(accountId).map(found -> {
            if (found == null) {
                throw new NotFoundException("No account " + accountId);
            }
            return view(found);
        });
    }

    @GET
    @WithSession
    @Operation(summary = "Accounts ordered by id, a page at a time")
    public Uni<List<AccountView>> accounts(@QueryParam("page") @DefaultValue("0") int page,
            @QueryParam("size") @DefaultValue("100") int size) {
        if (page < 0) {
            throw badQuery("page", "must be 0 or more");
        }
        if (size < 1 || size > MAX_PAGE_SIZE) {
            throw badQuery("size", "must be between 1 and " + MAX_PAGE_SIZE);
        }
        return accounts.findAll(Sort.by("accountId")).page(Page.of(page, size)).list()
                .map(list -> list.stream().map(AccountResource::view).toList());
    }

    private static HttpProblem badQuery(String parameter, String message) {
        return HttpProblem.builder()
                .withStatus(400)
                .withTitle("Invalid query parameter")
                .withDetail(parameter + ": " + message)
                .with("violations", List.of(java.util.Map.of("field", parameter, "message", message)))
                .build();
    }

    private static AccountView view(AccountHealth a) {
        return new AccountView(a.accountId, new HealthView(a.healthScore, a.healthBand, a.adoption, a.support,
                a.engagement, a.scoreVersion, a.scoreComputedAt));
    }
}

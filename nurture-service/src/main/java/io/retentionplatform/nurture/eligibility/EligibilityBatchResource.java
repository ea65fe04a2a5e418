package io.retentionplatform.nurture.eligibility;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.retentionplatform.nurture.eligibility.EligibilityResource.EligibilityView;
import io.retentionplatform.nurture.support.Sql;
import io.retentionplatform.support.problem.InvalidInput;
import io.retentionplatform.support.security.Roles;
import io.smallrye.mutiny.Uni;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Eligibility of many accounts in one call, for list views (the gateway's account pages). The decisions are the ones
 * nurture last stored and published (refreshed whenever an account's signals, segments or enrollments change), read
 * in one query; an account without a stored decision yet is decided from the current facts.
 */
@Path("/expansion-eligibility")
@Tag(name = "Expansion eligibility")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.VIEWER)
public class EligibilityBatchResource {

    static final int MAX_ACCOUNTS = 500;

    private final ExpansionEligibility eligibility;

    public EligibilityBatchResource(ExpansionEligibility eligibility) {
        this.eligibility = eligibility;
    }

    @GET
    @WithSession
    @Operation(summary = "The expansion eligibility of up to 500 accounts (repeat accountId), in the order asked")
    public Uni<List<EligibilityView>> batch(@QueryParam("accountId") List<String> accountIds) {
        if (accountIds == null || accountIds.isEmpty()) {
            throw InvalidInput.field("accountId", "at least one account id is required");
        }
        if (accountIds.size() > MAX_ACCOUNTS) {
            throw InvalidInput.field("accountId", "at most " + MAX_ACCOUNTS + " account ids per call");
        }
        List<String> ids = List.copyOf(new LinkedHashSet<>(accountIds));
        return Panache.getSession().chain(session -> Sql.rows(session, "SELECT account_id, eligible, plays, reasons, version "
                        + "FROM expansion_eligibility WHERE account_id = ANY(CAST(?1 AS text[]))", (Object) ids.toArray(String[]::new))
                .chain(rows -> {
                    Map<String, EligibilityView> stored = rows.stream().map(r -> new EligibilityView((String) r[0],
                                    (Boolean) r[1], split((String) r[2], ","), split((String) r[3], "\n"), ((Number) r[4]).longValue()))
                            .collect(Collectors.toMap(EligibilityView::accountId, Function.identity()));
                    List<String> missing = ids.stream().filter(id -> !stored.containsKey(id)).toList();
                    // One after the other: a reactive session runs one statement at a time.
                    Uni<List<EligibilityView>> decided = Uni.createFrom().item(new ArrayList<>());
                    for (String id : missing) {
                        decided = decided.chain(list -> eligibility.decide(session, id).map(d -> {
                            list.add(new EligibilityView(id, d.eligible(), d.plays(), d.reasons(), 0));
                            return list;
                        }));
                    }
                    return decided.map(fresh -> {
                        Map<String, EligibilityView> all = new java.util.HashMap<>(stored);
                        fresh.forEach(v -> all.put(v.accountId(), v));
                        return ids.stream().map(all::get).toList();
                    });
                }));
    }

    private static List<String> split(String text, String separator) {
        return text == null || text.isEmpty() ? List.of() : Arrays.asList(text.split(separator));
    }
}

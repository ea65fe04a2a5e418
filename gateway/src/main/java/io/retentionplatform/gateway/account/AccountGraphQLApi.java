package io.retentionplatform.gateway.account;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;

import io.retentionplatform.gateway.errors.InvalidArgumentException;
import io.retentionplatform.support.security.Roles;
import io.smallrye.mutiny.Uni;
import org.eclipse.microprofile.graphql.DefaultValue;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Query;

/**
 * The accounts part of the one GraphQL API the dashboards query. Every operation declares its role, and the
 * services behind check the caller's token again.
 */
@GraphQLApi
public class AccountGraphQLApi {

    static final int MAX_PAGE_SIZE = 500;

    private final AccountDirectory directory;

    public AccountGraphQLApi(AccountDirectory directory) {
        this.directory = directory;
    }

    @Query("account")
    @RolesAllowed(Roles.VIEWER)
    @Description("One account by its CRM id; null if the platform has no such account. Requires the `viewer` role.")
    public Uni<Account> account(@NonNull @Id String id) {
        return AccountDirectory.orUnavailable(directory.account(id)).map(found -> found.orElse(null));
    }

    @Query("accounts")
    @RolesAllowed(Roles.VIEWER)
    @Description("Accounts ordered by id, a page at a time. Requires the `viewer` role.")
    public Uni<List<@NonNull Account>> accounts(@DefaultValue("0") int page, @DefaultValue("100") int size) {
        if (page < 0) {
            return Uni.createFrom().failure(new InvalidArgumentException("page", "must be 0 or more"));
        }
        if (size < 1 || size > MAX_PAGE_SIZE) {
            return Uni.createFrom().failure(new InvalidArgumentException("size", "must be between 1 and " + MAX_PAGE_SIZE));
        }
        return AccountDirectory.orUnavailable(directory.accounts(page, size));
    }
}

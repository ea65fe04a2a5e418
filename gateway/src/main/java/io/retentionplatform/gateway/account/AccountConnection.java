package io.retentionplatform.gateway.account;

import java.util.List;

import io.retentionplatform.gateway.client.Dtos.AccountDto;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;

/** A page of accounts, Relay style. */
@Type("AccountConnection")
@Description("A page of accounts (Relay cursor connection): pass pageInfo.endCursor as `after` for the next page")
public record AccountConnection(@NonNull List<@NonNull AccountEdge> edges, @NonNull PageInfo pageInfo) {

    @Type("AccountEdge")
    public record AccountEdge(@NonNull AccountDto node, @NonNull @Description("Opaque; pass as `after`") String cursor) {
    }

    @Type("PageInfo")
    public record PageInfo(@NonNull boolean hasNextPage, @NonNull boolean hasPreviousPage, String startCursor, String endCursor) {
    }
}

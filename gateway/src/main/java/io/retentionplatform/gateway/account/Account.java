package io.retentionplatform.gateway.account;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;

@Type("Account")
@Description("A B2B customer account")
public record Account(
        @NonNull @Id @Description("The account's CRM id") String id,
        @Description("Latest health score; null until the first event has been scored") HealthScore health) {
}

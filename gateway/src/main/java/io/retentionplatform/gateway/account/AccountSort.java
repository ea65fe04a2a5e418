package io.retentionplatform.gateway.account;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Enum;

/** What a list of accounts is ordered by (then by id). */
@Enum("AccountSort")
@Description("What a list of accounts is ordered by; ties are ordered by id, accounts without the value come last")
public enum AccountSort {
    ID, NAME, ARR, HEALTH, RENEWAL, SILENT_DAYS;

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}

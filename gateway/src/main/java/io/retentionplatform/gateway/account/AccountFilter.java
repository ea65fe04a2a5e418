package io.retentionplatform.gateway.account;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Input;

/** Which accounts a list shows; every field is optional and they combine with AND. */
@Input("AccountFilter")
@Description("Which accounts to list; every field is optional, and they combine with AND")
public record AccountFilter(
        @Description("Only accounts in this quadrant") Quadrant quadrant,
        @Description("Only accounts in this health band") HealthBand band,
        @Description("Only current members of this segment, e.g. rule:enterprise-silent or flag:satisfaction_trap") String segment,
        @Description("Only accounts of this industry") String industry,
        @Description("Only accounts of this owner") String owner,
        @Description("Only accounts renewing within this many days from today (0-3650)") Integer renewalWithinDays,
        @Description("Only accounts without human contact for at least this many days (0-3650)") Integer minSilentDays,
        @Description("Only accounts with (true) or without (false) the satisfaction-trap flag") Boolean satisfactionTrap,
        @Description("Only accounts that may (true) or may not (false) be offered an expansion play now") Boolean expansionEligible) {

    public static final AccountFilter NONE = new AccountFilter(null, null, null, null, null, null, null, null, null);
}

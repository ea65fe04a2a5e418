package io.retentionplatform.gateway.account;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Enum;

/** The engagement quadrant: product usage against inbound contact. */
@Enum("Quadrant")
@Description("The engagement quadrant: product usage against inbound contact")
public enum Quadrant {
    @Description("High usage, high contact") ACTIVE_ADVOCATES,
    @Description("High usage, no contact: the silent customers, at risk without anyone noticing") SILENT_SATISFIEDS,
    @Description("Low usage, high contact") STRUGGLING_NEEDY,
    @Description("Low usage, no contact") AT_RISK_DISENGAGED;

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}

package io.retentionplatform.gateway.account;

import org.eclipse.microprofile.graphql.Enum;

/** The health score's bands. */
@Enum("HealthBand")
public enum HealthBand {
    HEALTHY, WATCH, AT_RISK;

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}

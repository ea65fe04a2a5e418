package io.retentionplatform.segmentation.kpi;

import java.util.Arrays;
import java.util.Optional;

/** The health score's bands as scoring-service publishes them on {@code health-scores}. */
public enum HealthBand {
    HEALTHY("healthy"),
    WATCH("watch"),
    AT_RISK("at_risk");

    private final String wireName;

    HealthBand(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** The band with this wire name (case-insensitive), empty for null or an unknown name. */
    public static Optional<HealthBand> fromWireName(String wireName) {
        return Arrays.stream(values()).filter(band -> band.wireName.equalsIgnoreCase(wireName)).findFirst();
    }
}

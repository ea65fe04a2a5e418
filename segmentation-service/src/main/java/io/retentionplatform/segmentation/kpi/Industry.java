package io.retentionplatform.segmentation.kpi;

import java.util.Arrays;
import java.util.Optional;

/** An account's industry, as far as seed 000's retention benchmarks tell them apart. */
public enum Industry {
    SAAS("saas"),
    PROFESSIONAL_SERVICES("professional_services"),
    MANUFACTURING("manufacturing"),
    OTHER("other");

    private final String wireName;

    Industry(String wireName) {
        this.wireName = wireName;
    }

    /** As in messages, the API and rule segments: {@code saas}, {@code professional_services}, ... */
    public String wireName() {
        return wireName;
    }

    /** The industry with this wire name (case-insensitive), empty for null or an unknown name. */
    public static Optional<Industry> fromWireName(String wireName) {
        return Arrays.stream(values()).filter(industry -> industry.wireName.equalsIgnoreCase(wireName)).findFirst();
    }
}

package io.retentionplatform.nurture.cadence;

import java.util.Arrays;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * What a step says. Only {@link #EXPANSION_OFFER} sells: seed 000 wants Silent Satisfieds and the silent audit reached
 * with educational check-ins and no sales content, and an expansion offer only where expansion is allowed.
 */
public enum ContentKind {
    EDUCATIONAL("educational", false),
    CHECK_IN("check_in", false),
    ONBOARDING_HELP("onboarding_help", false),
    CASE_STUDY("case_study", false),
    ADVOCACY_ASK("advocacy_ask", false),
    EXPANSION_OFFER("expansion_offer", true);

    private final String wireName;
    private final boolean sales;

    ContentKind(String wireName, boolean sales) {
        this.wireName = wireName;
        this.sales = sales;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    public boolean sales() {
        return sales;
    }

    public static Optional<ContentKind> fromWire(String name) {
        return Arrays.stream(values()).filter(c -> c.wireName.equals(name)).findFirst();
    }

    public static String wireNames() {
        return String.join(", ", Arrays.stream(values()).map(ContentKind::wireName).toList());
    }
}

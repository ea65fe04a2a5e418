package io.retentionplatform.segmentation.rule;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.retentionplatform.segmentation.kpi.HealthBand;
import io.retentionplatform.segmentation.kpi.Industry;
import io.retentionplatform.segmentation.quadrant.Quadrant;

/** A fact about an account that a rule segment can test, with its wire name, type and allowed values. */
public enum Field {
    INDUSTRY("industry", FieldType.TEXT, AccountFacts::industry,
            Arrays.stream(Industry.values()).map(Industry::wireName).toList()),
    PLAN_TIER("planTier", FieldType.TEXT, AccountFacts::planTier),
    OWNER("owner", FieldType.TEXT, AccountFacts::owner),
    CURRENCY("currency", FieldType.TEXT, AccountFacts::currency),
    ARR("arr", FieldType.NUMBER, AccountFacts::arr),
    RENEWAL_DATE("renewalDate", FieldType.DATE, AccountFacts::renewalDate),
    CONTRACT_START("contractStart", FieldType.DATE, AccountFacts::contractStart),
    HEALTH("health", FieldType.NUMBER, AccountFacts::health, 0, 100),
    BAND("band", FieldType.TEXT, AccountFacts::band,
            Arrays.stream(HealthBand.values()).map(HealthBand::wireName).toList()),
    ADOPTION("adoption", FieldType.NUMBER, AccountFacts::adoption, 0, 100),
    SUPPORT("support", FieldType.NUMBER, AccountFacts::support, 0, 100),
    ENGAGEMENT("engagement", FieldType.NUMBER, AccountFacts::engagement, 0, 100),
    ENGAGEMENT_SCORE_30("engagementScore30", FieldType.NUMBER, AccountFacts::engagementScore30),
    ENGAGEMENT_SCORE_90("engagementScore90", FieldType.NUMBER, AccountFacts::engagementScore90),
    TREND_CHANGE_30("trendChange30", FieldType.NUMBER, AccountFacts::trendChange30),
    QUADRANT("quadrant", FieldType.TEXT, AccountFacts::quadrant,
            Arrays.stream(Quadrant.values()).map(Quadrant::id).toList()),
    SATISFACTION_TRAP("satisfactionTrap", FieldType.BOOLEAN, AccountFacts::satisfactionTrap),
    PREMIUM_PAYS_BASIC_USE("premiumPaysBasicUse", FieldType.BOOLEAN, AccountFacts::premiumPaysBasicUse),
    ACTIVE("active", FieldType.BOOLEAN, AccountFacts::active),
    DAYS_SINCE_HUMAN_CONTACT("daysSinceHumanContact", FieldType.NUMBER, AccountFacts::daysSinceHumanContact),
    INBOUND_CONTACTS_90("inboundContacts90", FieldType.NUMBER, AccountFacts::inboundContacts90),
    OUTBOUND_CONTACTS_90("outboundContacts90", FieldType.NUMBER, AccountFacts::outboundContacts90),
    ACTIVE_DAYS_30("activeDays30", FieldType.NUMBER, AccountFacts::activeDays30),
    LAST_NPS("lastNps", FieldType.NUMBER, AccountFacts::lastNps, 0, 10),
    OPEN_TICKETS("openTickets", FieldType.NUMBER, AccountFacts::openTickets),
    ENTITLED_FEATURES("entitledFeatures", FieldType.TEXT_SET, AccountFacts::entitledFeatures);

    private final String wireName;
    private final FieldType type;
    private final Function<AccountFacts, Object> reader;
    private final List<String> allowedValues;
    private final BigDecimal minimum;
    private final BigDecimal maximum;

    Field(String wireName, FieldType type, Function<AccountFacts, Object> reader) {
        this(wireName, type, reader, List.of(), null, null);
    }

    Field(String wireName, FieldType type, Function<AccountFacts, Object> reader, List<String> allowedValues) {
        this(wireName, type, reader, allowedValues, null, null);
    }

    Field(String wireName, FieldType type, Function<AccountFacts, Object> reader, int minimum, int maximum) {
        this(wireName, type, reader, List.of(), BigDecimal.valueOf(minimum), BigDecimal.valueOf(maximum));
    }

    Field(String wireName, FieldType type, Function<AccountFacts, Object> reader, List<String> allowedValues,
            BigDecimal minimum, BigDecimal maximum) {
        this.wireName = wireName;
        this.type = type;
        this.reader = reader;
        this.allowedValues = List.copyOf(allowedValues);
        this.minimum = minimum;
        this.maximum = maximum;
    }

    /** The name in rule JSON: {@code industry}, {@code renewalDate}, ... */
    public String wireName() {
        return wireName;
    }

    public FieldType type() {
        return type;
    }

    /** For enumerated text fields (industry, band, quadrant) the values it can hold; empty for free fields. */
    public List<String> allowedValues() {
        return allowedValues;
    }

    /** Lowest value a number field can hold, empty when unbounded (health 0, lastNps 0). */
    public Optional<BigDecimal> minimum() {
        return Optional.ofNullable(minimum);
    }

    /** Highest value a number field can hold, empty when unbounded (health 100, lastNps 10). */
    public Optional<BigDecimal> maximum() {
        return Optional.ofNullable(maximum);
    }

    /** The account's value of this field, null when unknown. */
    public Object valueOf(AccountFacts facts) {
        return reader.apply(facts);
    }

    /** The field with this wire name (exact, case-sensitive like JSON keys), empty for an unknown name. */
    public static Optional<Field> fromWireName(String wireName) {
        return Arrays.stream(values()).filter(field -> field.wireName.equals(wireName)).findFirst();
    }

    /** All wire names, comma-separated, for messages. */
    public static String knownWireNames() {
        return Arrays.stream(values()).map(Field::wireName).collect(Collectors.joining(", "));
    }
}

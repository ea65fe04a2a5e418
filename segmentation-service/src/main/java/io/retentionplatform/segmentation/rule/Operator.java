package io.retentionplatform.segmentation.rule;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** How a condition compares a field with its value, and which field types it applies to. */
public enum Operator {
    EQ("eq", EnumSet.of(FieldType.TEXT, FieldType.NUMBER, FieldType.DATE, FieldType.BOOLEAN)),
    NE("ne", EnumSet.of(FieldType.TEXT, FieldType.NUMBER, FieldType.DATE, FieldType.BOOLEAN)),
    LT("lt", EnumSet.of(FieldType.NUMBER, FieldType.DATE)),
    LTE("lte", EnumSet.of(FieldType.NUMBER, FieldType.DATE)),
    GT("gt", EnumSet.of(FieldType.NUMBER, FieldType.DATE)),
    GTE("gte", EnumSet.of(FieldType.NUMBER, FieldType.DATE)),
    /** Value {@code [low, high]}, both included. */
    BETWEEN("between", EnumSet.of(FieldType.NUMBER, FieldType.DATE)),
    /** Value a non-empty array of texts. */
    IN("in", EnumSet.of(FieldType.TEXT)),
    NOT_IN("not_in", EnumSet.of(FieldType.TEXT)),
    /** The set holds the value (a text). */
    CONTAINS("contains", EnumSet.of(FieldType.TEXT_SET)),
    /** The date lies between today and today + N days, both included; N an integer 0-3650. */
    WITHIN_NEXT_DAYS("within_next_days", EnumSet.of(FieldType.DATE)),
    /** The date lies between today - N days and today, both included. */
    WITHIN_LAST_DAYS("within_last_days", EnumSet.of(FieldType.DATE)),
    /** The value is unknown; takes no value. */
    IS_NULL("is_null", EnumSet.allOf(FieldType.class)),
    IS_NOT_NULL("is_not_null", EnumSet.allOf(FieldType.class));

    /** Largest N of the date-window operators: ten years. */
    public static final int MAX_WINDOW_DAYS = 3650;

    private final String wireName;
    private final Set<FieldType> types;

    Operator(String wireName, Set<FieldType> types) {
        this.wireName = wireName;
        this.types = types;
    }

    public String wireName() {
        return wireName;
    }

    public boolean appliesTo(FieldType type) {
        return types.contains(type);
    }

    /** False for {@code is_null} and {@code is_not_null}. */
    public boolean takesValue() {
        return this != IS_NULL && this != IS_NOT_NULL;
    }

    /** True for the operators relative to today, whose results change from one day to the next. */
    public boolean isDateWindow() {
        return this == WITHIN_NEXT_DAYS || this == WITHIN_LAST_DAYS;
    }

    /** The operator with this wire name (exact), empty for an unknown one. */
    public static Optional<Operator> fromWireName(String wireName) {
        return Arrays.stream(values()).filter(op -> op.wireName.equals(wireName)).findFirst();
    }

    /** The wire names of the operators for a field type, comma-separated, for messages. */
    public static String wireNamesFor(FieldType type) {
        return Arrays.stream(values()).filter(op -> op.appliesTo(type)).map(Operator::wireName)
                .collect(Collectors.joining(", "));
    }

    /** All wire names, comma-separated, for messages. */
    public static String knownWireNames() {
        return Arrays.stream(values()).map(Operator::wireName).collect(Collectors.joining(", "));
    }
}

package io.retentionplatform.segmentation.rule;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A rule as one readable English line, for segment lists and change reasons, e.g. {@code industry is manufacturing
 * AND health < 40 AND renewalDate within the next 120 days AND NOT (quadrant is active_advocates)}. A nested and/or
 * is put in parentheses; free texts are quoted, enumerated values are not.
 */
public final class RuleDescription {

    private RuleDescription() {
    }

    public static String describe(Rule rule) {
        if (rule instanceof Rule.And and) {
            return join(and.rules(), " AND ");
        }
        if (rule instanceof Rule.Or or) {
            return join(or.rules(), " OR ");
        }
        if (rule instanceof Rule.Not not) {
            return "NOT (" + describe(not.rule()) + ")";
        }
        return condition((Rule.Condition) rule);
    }

    private static String join(List<Rule> rules, String connective) {
        return rules.stream()
                .map(rule -> rule instanceof Rule.And || rule instanceof Rule.Or ? "(" + describe(rule) + ")"
                        : describe(rule))
                .collect(Collectors.joining(connective));
    }

    private static String condition(Rule.Condition condition) {
        Field field = condition.field();
        Object value = condition.value();
        String phrase = switch (condition.op()) {
            case EQ -> "is " + shown(field, value);
            case NE -> "is not " + shown(field, value);
            case LT -> "< " + shown(field, value);
            case LTE -> "<= " + shown(field, value);
            case GT -> "> " + shown(field, value);
            case GTE -> ">= " + shown(field, value);
            case BETWEEN -> "between " + shown(field, ((List<?>) value).get(0)) + " and "
                    + shown(field, ((List<?>) value).get(1));
            case IN -> "is one of " + list(field, value);
            case NOT_IN -> "is none of " + list(field, value);
            case CONTAINS -> "contains " + shown(field, value);
            case WITHIN_NEXT_DAYS -> "within the next " + days((Integer) value);
            case WITHIN_LAST_DAYS -> "within the last " + days((Integer) value);
            case IS_NULL -> "is unknown";
            case IS_NOT_NULL -> "is known";
        };
        return field.wireName() + " " + phrase;
    }

    private static String list(Field field, Object values) {
        return ((List<?>) values).stream().map(value -> shown(field, value)).collect(Collectors.joining(", "));
    }

    private static String days(int days) {
        return days + (days == 1 ? " day" : " days");
    }

    private static String shown(Field field, Object value) {
        boolean freeText = (field.type() == FieldType.TEXT && field.allowedValues().isEmpty())
                || field.type() == FieldType.TEXT_SET;
        return freeText ? "\"" + value + "\"" : RuleParser.shown(value);
    }
}

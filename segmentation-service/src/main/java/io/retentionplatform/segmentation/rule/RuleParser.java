package io.retentionplatform.segmentation.rule;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Reads a rule from the tree Jackson makes of its JSON (maps, lists, strings, numbers, booleans, null) and checks it
 * completely: every problem is reported with the path of the part at fault, not just the first.
 *
 * <p>Shapes: {@code {"and": [rule, ...]}} and {@code {"or": [rule, ...]}} with at least one rule,
 * {@code {"not": rule}}, and conditions {@code {"field": "industry", "op": "eq", "value": "manufacturing"}}. A node has
 * exactly one of and, or, not, field. Rules nest at most {@value #MAX_DEPTH} deep and have at most
 * {@value #MAX_NODES} nodes; parsing stops counting past that so a huge tree costs little.
 */
public final class RuleParser {

    public static final int MAX_DEPTH = 10;
    public static final int MAX_NODES = 200;
    /** Most values an {@code in} or {@code not_in} list may hold. */
    public static final int MAX_LIST_VALUES = 500;

    private static final Set<String> KINDS = Set.of("and", "or", "not", "field");
    private static final Pattern ISO_DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

    private final List<RuleViolation> violations = new ArrayList<>();
    private int nodes;

    private RuleParser() {
    }

    /** The rule, or a {@link RuleException} with every violation found. */
    public static Rule parse(Object tree) {
        RuleParser parser = new RuleParser();
        Rule rule = parser.node(tree, "rule", 1);
        if (!parser.violations.isEmpty() || rule == null) {
            throw new RuleException(parser.violations);
        }
        return rule;
    }

    private Rule node(Object tree, String path, int depth) {
        if (++nodes > MAX_NODES) {
            if (nodes == MAX_NODES + 1) {
                violation("rule", "a rule has at most " + MAX_NODES + " nodes (and, or, not and conditions); "
                        + "this one has more");
            }
            return null;
        }
        if (depth > MAX_DEPTH) {
            violation(path, "rules nest at most " + MAX_DEPTH + " levels deep");
            return null;
        }
        if (!(tree instanceof Map<?, ?> map)) {
            violation(path, "expected an object with one of and, or, not, field; got " + describe(tree));
            return null;
        }
        Set<String> kinds = new TreeSet<>();
        for (Object key : map.keySet()) {
            if (KINDS.contains(String.valueOf(key))) {
                kinds.add(String.valueOf(key));
            }
        }
        if (kinds.size() != 1) {
            violation(path, kinds.isEmpty() ? "a rule needs one of and, or, not, field"
                    : "a rule has exactly one of and, or, not, field; found " + String.join(", ", kinds));
            return null;
        }
        String kind = kinds.iterator().next();
        Set<String> allowed = kind.equals("field") ? Set.of("field", "op", "value") : Set.of(kind);
        for (Object key : map.keySet()) {
            if (!allowed.contains(String.valueOf(key))) {
                violation(path + "." + key, kind.equals("field")
                        ? "unknown key; a condition has field, op and value"
                        : "unknown key; " + (kind.equals("not") ? "a " : "an ") + kind + " rule has no other keys");
            }
        }
        return switch (kind) {
            case "and", "or" -> junction(kind, map.get(kind), path + "." + kind, depth);
            case "not" -> negation(map.get("not"), path + ".not", depth);
            default -> condition(map, path);
        };
    }

    private Rule junction(String kind, Object items, String path, int depth) {
        if (!(items instanceof List<?> list) || list.isEmpty()) {
            violation(path, kind + " needs a non-empty array of rules; got " + describe(items));
            return null;
        }
        List<Rule> rules = new ArrayList<>();
        for (int i = 0; i < list.size() && nodes <= MAX_NODES; i++) {
            rules.add(node(list.get(i), path + "[" + i + "]", depth + 1));
        }
        if (rules.contains(null) || rules.size() < list.size()) {
            return null;
        }
        return kind.equals("and") ? new Rule.And(rules) : new Rule.Or(rules);
    }

    private Rule negation(Object inner, String path, int depth) {
        Rule rule = node(inner, path, depth + 1);
        return rule == null ? null : new Rule.Not(rule);
    }

    private Rule condition(Map<?, ?> map, String path) {
        int before = violations.size();
        Field field = null;
        Object fieldName = map.get("field");
        if (!(fieldName instanceof String name)) {
            violation(path + ".field", "expected the name of a field; got " + describe(fieldName));
        } else {
            field = Field.fromWireName(name).orElse(null);
            if (field == null) {
                violation(path + ".field", "unknown field \"" + name + "\"; known fields: " + Field.knownWireNames());
            }
        }
        Operator op = null;
        Object opName = map.get("op");
        if (!(opName instanceof String name)) {
            violation(path + ".op", "expected an operator; got " + describe(opName));
        } else {
            op = Operator.fromWireName(name).orElse(null);
            if (op == null) {
                violation(path + ".op", "unknown operator \"" + name + "\"; known operators: "
                        + Operator.knownWireNames());
            } else if (field != null && !op.appliesTo(field.type())) {
                violation(path + ".op", "operator " + name + " does not apply to " + field.wireName() + " (a "
                        + field.type().description() + " field); use one of " + Operator.wireNamesFor(field.type()));
                op = null;
            }
        }
        Object value = null;
        if (op != null && !op.takesValue()) {
            if (map.get("value") != null) {
                violation(path + ".value", op.wireName() + " takes no value");
            }
        } else if (op != null && field != null) {
            value = value(field, op, map.get("value"), path + ".value");
        }
        return violations.size() > before ? null : new Rule.Condition(field, op, value);
    }

    private Object value(Field field, Operator op, Object raw, String path) {
        if (raw == null) {
            violation(path, op.wireName() + " needs a value" + (op == Operator.EQ || op == Operator.NE
                    ? "; to test for an unknown value use is_null or is_not_null" : ""));
            return null;
        }
        return switch (op) {
            case BETWEEN -> range(field, raw, path);
            case IN, NOT_IN -> texts(field, op, raw, path);
            case CONTAINS -> {
                if (!(raw instanceof String text)) {
                    violation(path, "expected text for " + field.wireName() + "; got " + describe(raw));
                    yield null;
                }
                yield text;
            }
            case WITHIN_NEXT_DAYS, WITHIN_LAST_DAYS -> days(op, raw, path);
            default -> scalar(field, raw, path);
        };
    }

    private Object range(Field field, Object raw, String path) {
        if (!(raw instanceof List<?> list) || list.size() != 2) {
            violation(path, "between needs [low, high]; got " + describe(raw));
            return null;
        }
        Object low = scalar(field, list.get(0), path + "[0]");
        Object high = scalar(field, list.get(1), path + "[1]");
        if (low == null || high == null) {
            return null;
        }
        @SuppressWarnings({"unchecked", "rawtypes"})
        boolean reversed = ((Comparable) low).compareTo(high) > 0;
        if (reversed) {
            violation(path, "between needs low <= high; got " + shown(low) + " and " + shown(high));
            return null;
        }
        return List.of(low, high);
    }

    private Object texts(Field field, Operator op, Object raw, String path) {
        if (!(raw instanceof List<?> list) || list.isEmpty()) {
            violation(path, op.wireName() + " needs a non-empty array of values; got " + describe(raw));
            return null;
        }
        if (list.size() > MAX_LIST_VALUES) {
            violation(path, op.wireName() + " takes at most " + MAX_LIST_VALUES + " values; got " + list.size());
            return null;
        }
        List<Object> values = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            values.add(scalar(field, list.get(i), path + "[" + i + "]"));
        }
        return values.contains(null) ? null : List.copyOf(values);
    }

    private Integer days(Operator op, Object raw, String path) {
        BigDecimal number = raw instanceof Number n && !(raw instanceof Boolean) ? decimal(n) : null;
        if (number == null || number.stripTrailingZeros().scale() > 0 || number.signum() < 0
                || number.compareTo(BigDecimal.valueOf(Operator.MAX_WINDOW_DAYS)) > 0) {
            violation(path, op.wireName() + " needs a whole number of days from 0 to " + Operator.MAX_WINDOW_DAYS
                    + "; got " + describe(raw));
            return null;
        }
        return number.intValueExact();
    }

    /** One value of the field's type, normalised; null (with a violation) when it is not one. */
    private Object scalar(Field field, Object raw, String path) {
        switch (field.type()) {
            case TEXT -> {
                if (!(raw instanceof String text)) {
                    violation(path, "expected text for " + field.wireName() + "; got " + describe(raw));
                    return null;
                }
                if (field.allowedValues().isEmpty()) {
                    return text;
                }
                // enumerated values are accepted in any case and kept in their canonical lower case
                String canonical = text.toLowerCase(Locale.ROOT);
                if (!field.allowedValues().contains(canonical)) {
                    violation(path, "\"" + text + "\" is not a value of " + field.wireName() + "; allowed: "
                            + String.join(", ", field.allowedValues()));
                    return null;
                }
                return canonical;
            }
            case NUMBER -> {
                BigDecimal number = raw instanceof Number n && !(raw instanceof Boolean) ? decimal(n) : null;
                if (number == null) {
                    violation(path, "expected a number for " + field.wireName() + "; got " + describe(raw));
                    return null;
                }
                boolean belowMinimum = field.minimum().map(min -> number.compareTo(min) < 0).orElse(false);
                boolean aboveMaximum = field.maximum().map(max -> number.compareTo(max) > 0).orElse(false);
                if (belowMinimum || aboveMaximum) {
                    violation(path, shown(number) + " is outside " + field.wireName() + "'s range "
                            + shown(field.minimum().get()) + "-" + shown(field.maximum().get()));
                    return null;
                }
                return number;
            }
            case DATE -> {
                if (!(raw instanceof String text)) {
                    violation(path, "expected a date (yyyy-MM-dd) for " + field.wireName() + "; got "
                            + describe(raw));
                    return null;
                }
                try {
                    if (ISO_DATE.matcher(text).matches()) {
                        return LocalDate.parse(text);
                    }
                } catch (DateTimeParseException e) {
                    // reported below with the same message as a malformed date
                }
                violation(path, "\"" + text + "\" is not a date (yyyy-MM-dd)");
                return null;
            }
            case BOOLEAN -> {
                if (!(raw instanceof Boolean flag)) {
                    violation(path, "expected true or false for " + field.wireName() + "; got " + describe(raw));
                    return null;
                }
                return flag;
            }
            default -> throw new IllegalStateException("no single value for " + field.type());
        }
    }

    /** Null for NaN or infinite numbers. */
    private static BigDecimal decimal(Number number) {
        if (number instanceof BigDecimal decimal) {
            return decimal;
        }
        if (number instanceof BigInteger integer) {
            return new BigDecimal(integer);
        }
        if (number instanceof Double || number instanceof Float) {
            double d = number.doubleValue();
            // Float through its own toString so that 0.1f reads 0.1, not 0.100000001
            return Double.isFinite(d) ? new BigDecimal(number.toString()) : null;
        }
        if (number instanceof Long || number instanceof Integer || number instanceof Short || number instanceof Byte) {
            return BigDecimal.valueOf(number.longValue());
        }
        try {
            return new BigDecimal(number.toString());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private void violation(String path, String message) {
        violations.add(new RuleViolation(path, message));
    }

    static String shown(Object value) {
        if (value instanceof BigDecimal number) {
            BigDecimal stripped = number.stripTrailingZeros();
            return (stripped.scale() < 0 ? stripped.setScale(0) : stripped).toPlainString();
        }
        return String.valueOf(value);
    }

    /** What a raw JSON value is, for messages: text "x", the number 5, true, an array, an object, nothing. */
    private static String describe(Object raw) {
        if (raw == null) {
            return "nothing";
        }
        if (raw instanceof String text) {
            return "text \"" + (text.length() > 40 ? text.substring(0, 40) + "..." : text) + "\"";
        }
        if (raw instanceof Boolean) {
            return raw.toString();
        }
        if (raw instanceof Number number) {
            return "the number " + number;
        }
        if (raw instanceof List<?>) {
            return "an array";
        }
        if (raw instanceof Map<?, ?>) {
            return "an object";
        }
        return "a " + raw.getClass().getSimpleName();
    }
}

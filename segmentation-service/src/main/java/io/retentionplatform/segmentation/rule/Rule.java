package io.retentionplatform.segmentation.rule;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A user-defined segment rule: conditions on account facts joined with and, or and not. Parse one from a JSON tree with
 * {@link RuleParser#parse(Object)}.
 *
 * <p>Logic is two-valued: every comparison with an unknown (null) fact is false, {@code ne} and {@code not_in}
 * included, and {@code not} turns it true. For an account without a health score, {@code health < 40} and
 * {@code health ne 40} are false while {@code not (health < 40)} is true. Unlike SQL's three-valued NULL, every answer
 * stays a plain yes or no; rules test for unknown facts with {@code is_null} and {@code is_not_null}.
 */
public sealed interface Rule permits Rule.And, Rule.Or, Rule.Not, Rule.Condition {

    /** Whether the account belongs to the segment on {@code today} (used by the date-window operators only). */
    boolean matches(AccountFacts facts, LocalDate today);

    /** The fields the rule reads: re-evaluate the segment for an account only when one of these changed. */
    Set<Field> fields();

    /** True when a date-window operator is used: such a segment needs re-evaluating every day. */
    boolean dependsOnToday();

    /** The rule as a JSON-shaped tree (maps, lists, strings, numbers, booleans) that {@link RuleParser} reads back. */
    Object toTree();

    /** All of the rules hold (at least one rule). */
    record And(List<Rule> rules) implements Rule {
        public And {
            rules = requireRules("and", rules);
        }

        @Override
        public boolean matches(AccountFacts facts, LocalDate today) {
            return rules.stream().allMatch(rule -> rule.matches(facts, today));
        }

        @Override
        public Set<Field> fields() {
            return union(rules);
        }

        @Override
        public boolean dependsOnToday() {
            return rules.stream().anyMatch(Rule::dependsOnToday);
        }

        @Override
        public Object toTree() {
            return Map.of("and", rules.stream().map(Rule::toTree).toList());
        }
    }

    /** At least one of the rules holds (at least one rule). */
    record Or(List<Rule> rules) implements Rule {
        public Or {
            rules = requireRules("or", rules);
        }

        @Override
        public boolean matches(AccountFacts facts, LocalDate today) {
            return rules.stream().anyMatch(rule -> rule.matches(facts, today));
        }

        @Override
        public Set<Field> fields() {
            return union(rules);
        }

        @Override
        public boolean dependsOnToday() {
            return rules.stream().anyMatch(Rule::dependsOnToday);
        }

        @Override
        public Object toTree() {
            return Map.of("or", rules.stream().map(Rule::toTree).toList());
        }
    }

    /** The rule does not hold. */
    record Not(Rule rule) implements Rule {
        public Not {
            Objects.requireNonNull(rule, "rule");
        }

        @Override
        public boolean matches(AccountFacts facts, LocalDate today) {
            return !rule.matches(facts, today);
        }

        @Override
        public Set<Field> fields() {
            return rule.fields();
        }

        @Override
        public boolean dependsOnToday() {
            return rule.dependsOnToday();
        }

        @Override
        public Object toTree() {
            return Map.of("not", rule.toTree());
        }
    }

    /**
     * One test of a field. The value is normalised as {@link RuleParser} leaves it: BigDecimal for numbers,
     * LocalDate for dates, String for texts, Boolean for booleans, a two-element List for {@code between}, a
     * non-empty List of String for {@code in}/{@code not_in}, an Integer for the date windows, null for
     * {@code is_null}/{@code is_not_null}. Texts compare case-insensitively.
     *
     * @param field the fact tested
     * @param op    how
     * @param value against what
     */
    record Condition(Field field, Operator op, Object value) implements Rule {
        public Condition {
            Objects.requireNonNull(field, "field");
            Objects.requireNonNull(op, "op");
            if (!op.appliesTo(field.type())) {
                throw new IllegalArgumentException(op.wireName() + " does not apply to " + field.wireName());
            }
            if (value instanceof List<?> list) {
                value = List.copyOf(list);
            }
            if (!normalised(field, op, value)) {
                throw new IllegalArgumentException("value " + value + " is not a normalised value of " + op.wireName()
                        + " on " + field.wireName() + "; parse rules with RuleParser");
            }
        }

        @Override
        public boolean matches(AccountFacts facts, LocalDate today) {
            Object actual = field.valueOf(facts);
            if (op == Operator.IS_NULL) {
                return actual == null;
            }
            if (op == Operator.IS_NOT_NULL) {
                return actual != null;
            }
            if (actual == null) {
                return false; // two-valued logic: a comparison with an unknown fact is false
            }
            return switch (field.type()) {
                case TEXT -> matchesText((String) actual);
                case NUMBER -> matchesOrdered(number(actual));
                case DATE -> matchesDate((LocalDate) actual, today);
                case BOOLEAN -> (op == Operator.EQ) == actual.equals(value);
                case TEXT_SET -> ((Set<?>) actual).stream().anyMatch(item -> ((String) value)
                        .equalsIgnoreCase(String.valueOf(item)));
            };
        }

        @Override
        public Set<Field> fields() {
            return Collections.unmodifiableSet(EnumSet.of(field));
        }

        @Override
        public boolean dependsOnToday() {
            return op.isDateWindow();
        }

        @Override
        public Object toTree() {
            Map<String, Object> tree = new LinkedHashMap<>();
            tree.put("field", field.wireName());
            tree.put("op", op.wireName());
            if (op.takesValue()) {
                tree.put("value", value instanceof List<?> list ? list.stream().map(Condition::treeValue).toList()
                        : treeValue(value));
            }
            return Collections.unmodifiableMap(tree);
        }

        private boolean matchesText(String actual) {
            return switch (op) {
                case EQ -> actual.equalsIgnoreCase((String) value);
                case NE -> !actual.equalsIgnoreCase((String) value);
                case IN -> ((List<?>) value).stream().anyMatch(item -> actual.equalsIgnoreCase((String) item));
                case NOT_IN -> ((List<?>) value).stream().noneMatch(item -> actual.equalsIgnoreCase((String) item));
                default -> throw new IllegalStateException(op + " on text");
            };
        }

        private boolean matchesDate(LocalDate actual, LocalDate today) {
            if (!op.isDateWindow()) {
                return matchesOrdered(actual);
            }
            Objects.requireNonNull(today, "today");
            int days = (Integer) value;
            LocalDate first = op == Operator.WITHIN_NEXT_DAYS ? today : today.minusDays(days);
            LocalDate last = op == Operator.WITHIN_NEXT_DAYS ? today.plusDays(days) : today;
            return !actual.isBefore(first) && !actual.isAfter(last);
        }

        @SuppressWarnings({"unchecked", "rawtypes"})
        private boolean matchesOrdered(Comparable actual) {
            if (op == Operator.BETWEEN) {
                List<?> bounds = (List<?>) value;
                return actual.compareTo(bounds.get(0)) >= 0 && actual.compareTo(bounds.get(1)) <= 0;
            }
            int c = actual.compareTo(value);
            return switch (op) {
                case EQ -> c == 0;
                case NE -> c != 0;
                case LT -> c < 0;
                case LTE -> c <= 0;
                case GT -> c > 0;
                case GTE -> c >= 0;
                default -> throw new IllegalStateException(op + " on an ordered value");
            };
        }

        private static BigDecimal number(Object actual) {
            return actual instanceof BigDecimal decimal ? decimal : new BigDecimal(actual.toString());
        }

        private static Object treeValue(Object value) {
            return value instanceof LocalDate date ? date.toString() : value;
        }

        private static boolean normalised(Field field, Operator op, Object value) {
            if (!op.takesValue()) {
                return value == null;
            }
            return switch (op) {
                case BETWEEN -> value instanceof List<?> list && list.size() == 2
                        && list.stream().allMatch(item -> scalar(field.type(), item));
                case IN, NOT_IN -> value instanceof List<?> list && !list.isEmpty()
                        && list.stream().allMatch(item -> item instanceof String);
                case CONTAINS -> value instanceof String;
                case WITHIN_NEXT_DAYS, WITHIN_LAST_DAYS -> value instanceof Integer days && days >= 0
                        && days <= Operator.MAX_WINDOW_DAYS;
                default -> scalar(field.type(), value);
            };
        }

        private static boolean scalar(FieldType type, Object value) {
            return switch (type) {
                case TEXT -> value instanceof String;
                case NUMBER -> value instanceof BigDecimal;
                case DATE -> value instanceof LocalDate;
                case BOOLEAN -> value instanceof Boolean;
                case TEXT_SET -> false;
            };
        }
    }

    private static List<Rule> requireRules(String kind, List<Rule> rules) {
        Objects.requireNonNull(rules, kind);
        if (rules.isEmpty()) {
            throw new IllegalArgumentException(kind + " needs at least one rule");
        }
        return List.copyOf(rules);
    }

    private static Set<Field> union(List<Rule> rules) {
        Set<Field> fields = EnumSet.noneOf(Field.class);
        rules.forEach(rule -> fields.addAll(rule.fields()));
        return Collections.unmodifiableSet(fields);
    }
}

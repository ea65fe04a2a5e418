package io.retentionplatform.segmentation.rule;

import static io.retentionplatform.segmentation.rule.RuleTrees.rule;
import static io.retentionplatform.segmentation.rule.RuleTrees.tree;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RuleParserTest {

    static final String ISSUE_EXAMPLE = """
            {and: [
              {field: 'industry', op: 'eq', value: 'manufacturing'},
              {field: 'health', op: 'lt', value: 40},
              {field: 'renewalDate', op: 'within_next_days', value: 120},
              {not: {field: 'quadrant', op: 'eq', value: 'active_advocates'}}
            ]}""";

    @Test
    void parsesTheIssuesExampleIntoItsTree() {
        assertThat(rule(ISSUE_EXAMPLE)).isEqualTo(new Rule.And(List.of(
                new Rule.Condition(Field.INDUSTRY, Operator.EQ, "manufacturing"),
                new Rule.Condition(Field.HEALTH, Operator.LT, new BigDecimal("40")),
                new Rule.Condition(Field.RENEWAL_DATE, Operator.WITHIN_NEXT_DAYS, 120),
                new Rule.Not(new Rule.Condition(Field.QUADRANT, Operator.EQ, "active_advocates")))));
    }

    // every operator on every type it applies to, read back through the description
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "{field: 'planTier', op: 'eq', value: 'Premium'}                        | planTier is \"Premium\"",
            "{field: 'industry', op: 'ne', value: 'SaaS'}                           | industry is not saas",
            "{field: 'arr', op: 'gte', value: 10000.50}                             | arr >= 10000.5",
            "{field: 'arr', op: 'lte', value: 1e5}                                  | arr <= 100000",
            "{field: 'health', op: 'gt', value: 70}                                 | health > 70",
            "{field: 'contractStart', op: 'lt', value: '2024-01-31'}                | contractStart < 2024-01-31",
            "{field: 'health', op: 'between', value: [40, 70]}                      | health between 40 and 70",
            "{field: 'renewalDate', op: 'between', value: ['2025-01-01', '2025-01-01']} | renewalDate between 2025-01-01 and 2025-01-01",
            "{field: 'band', op: 'in', value: ['watch', 'at_risk']}                 | band is one of watch, at_risk",
            "{field: 'owner', op: 'not_in', value: ['ann', 'bo']}                   | owner is none of \"ann\", \"bo\"",
            "{field: 'entitledFeatures', op: 'contains', value: 'sso'}              | entitledFeatures contains \"sso\"",
            "{field: 'renewalDate', op: 'within_next_days', value: 1}               | renewalDate within the next 1 day",
            "{field: 'contractStart', op: 'within_last_days', value: 30.0}          | contractStart within the last 30 days",
            "{field: 'satisfactionTrap', op: 'eq', value: true}                     | satisfactionTrap is true",
            "{field: 'active', op: 'ne', value: false}                              | active is not false",
            "{field: 'lastNps', op: 'is_null'}                                      | lastNps is unknown",
            "{field: 'quadrant', op: 'is_not_null', value: null}                    | quadrant is known",
            "{field: 'entitledFeatures', op: 'is_null'}                             | entitledFeatures is unknown",
    })
    void acceptsEachOperatorOnItsTypes(String json, String description) {
        assertThat(RuleDescription.describe(rule(json))).isEqualTo(description);
    }

    @Test
    void valuesAreNormalised() {
        Rule.Condition dates = (Rule.Condition) rule("{field: 'renewalDate', op: 'between', value: ['2025-01-01', '2025-12-31']}");
        Rule.Condition arr = (Rule.Condition) rule("{field: 'arr', op: 'eq', value: 12}");

        assertThat(dates.value()).isEqualTo(List.of(LocalDate.parse("2025-01-01"), LocalDate.parse("2025-12-31")));
        assertThat(arr.value()).isEqualTo(new BigDecimal("12"));
    }

    // one violation each, with the path of the part at fault
    @ParameterizedTest(name = "{1}: {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            // unknown field, listing the known ones
            "{field: 'industy', op: 'eq', value: 'saas'} | rule.field | unknown field \"industy\"; known fields: industry, planTier, owner, currency, arr, renewalDate, contractStart, health, band, adoption, support, engagement, engagementScore30, engagementScore90, trendChange30, quadrant, satisfactionTrap, premiumPaysBasicUse, active, daysSinceHumanContact, inboundContacts90, outboundContacts90, activeDays30, lastNps, openTickets, entitledFeatures",
            "{field: 5, op: 'eq', value: 'saas'} | rule.field | expected the name of a field; got the number 5",
            "{op: 'eq', value: 'saas'} | rule | a rule needs one of and, or, not, field",
            // operators
            "{field: 'health', op: 'below', value: 40} | rule.op | unknown operator \"below\"; known operators: eq, ne, lt, lte, gt, gte, between, in, not_in, contains, within_next_days, within_last_days, is_null, is_not_null",
            "{field: 'health', value: 40} | rule.op | expected an operator; got nothing",
            "{field: 'industry', op: 'lt', value: 'saas'} | rule.op | operator lt does not apply to industry (a text field); use one of eq, ne, in, not_in, is_null, is_not_null",
            "{field: 'health', op: 'contains', value: 4} | rule.op | operator contains does not apply to health (a number field); use one of eq, ne, lt, lte, gt, gte, between, is_null, is_not_null",
            "{field: 'active', op: 'gt', value: true} | rule.op | operator gt does not apply to active (a boolean field); use one of eq, ne, is_null, is_not_null",
            "{field: 'entitledFeatures', op: 'eq', value: 'sso'} | rule.op | operator eq does not apply to entitledFeatures (a set of texts field); use one of contains, is_null, is_not_null",
            "{field: 'arr', op: 'within_next_days', value: 5} | rule.op | operator within_next_days does not apply to arr (a number field); use one of eq, ne, lt, lte, gt, gte, between, is_null, is_not_null",
            // values of the wrong type
            "{field: 'health', op: 'lt', value: 'forty'} | rule.value | expected a number for health; got text \"forty\"",
            "{field: 'health', op: 'lt', value: true} | rule.value | expected a number for health; got true",
            "{field: 'owner', op: 'eq', value: 7} | rule.value | expected text for owner; got the number 7",
            "{field: 'active', op: 'eq', value: 'yes'} | rule.value | expected true or false for active; got text \"yes\"",
            "{field: 'renewalDate', op: 'gt', value: 20250101} | rule.value | expected a date (yyyy-MM-dd) for renewalDate; got the number 20250101",
            "{field: 'entitledFeatures', op: 'contains', value: ['sso']} | rule.value | expected text for entitledFeatures; got an array",
            "{field: 'health', op: 'eq'} | rule.value | eq needs a value; to test for an unknown value use is_null or is_not_null",
            "{field: 'health', op: 'gt', value: null} | rule.value | gt needs a value",
            "{field: 'health', op: 'is_null', value: 4} | rule.value | is_null takes no value",
            // enumerated values
            "{field: 'industry', op: 'eq', value: 'retail'} | rule.value | \"retail\" is not a value of industry; allowed: saas, professional_services, manufacturing, other",
            "{field: 'quadrant', op: 'in', value: ['silent_satisfieds', 'advocates']} | rule.value[1] | \"advocates\" is not a value of quadrant; allowed: active_advocates, silent_satisfieds, struggling_needy, at_risk_disengaged",
            "{field: 'band', op: 'not_in', value: ['healthy', 3]} | rule.value[1] | expected text for band; got the number 3",
            "{field: 'band', op: 'in', value: []} | rule.value | in needs a non-empty array of values; got an array",
            "{field: 'band', op: 'in', value: 'watch'} | rule.value | in needs a non-empty array of values; got text \"watch\"",
            "{field: 'health', op: 'gt', value: 101} | rule.value | 101 is outside health's range 0-100",
            "{field: 'lastNps', op: 'lt', value: -1} | rule.value | -1 is outside lastNps's range 0-10",
            // dates
            "{field: 'renewalDate', op: 'lt', value: '2025-13-01'} | rule.value | \"2025-13-01\" is not a date (yyyy-MM-dd)",
            "{field: 'renewalDate', op: 'lt', value: '2025-02-30'} | rule.value | \"2025-02-30\" is not a date (yyyy-MM-dd)",
            "{field: 'renewalDate', op: 'lt', value: '1/2/2025'} | rule.value | \"1/2/2025\" is not a date (yyyy-MM-dd)",
            "{field: 'renewalDate', op: 'between', value: ['2025-01-01', '2025-1-31']} | rule.value[1] | \"2025-1-31\" is not a date (yyyy-MM-dd)",
            // between
            "{field: 'health', op: 'between', value: [70, 40]} | rule.value | between needs low <= high; got 70 and 40",
            "{field: 'renewalDate', op: 'between', value: ['2025-02-01', '2025-01-31']} | rule.value | between needs low <= high; got 2025-02-01 and 2025-01-31",
            "{field: 'health', op: 'between', value: [40]} | rule.value | between needs [low, high]; got an array",
            "{field: 'health', op: 'between', value: 40} | rule.value | between needs [low, high]; got the number 40",
            "{field: 'health', op: 'between', value: [40, 'x']} | rule.value[1] | expected a number for health; got text \"x\"",
            // date windows
            "{field: 'renewalDate', op: 'within_next_days', value: 3651} | rule.value | within_next_days needs a whole number of days from 0 to 3650; got the number 3651",
            "{field: 'renewalDate', op: 'within_next_days', value: -1} | rule.value | within_next_days needs a whole number of days from 0 to 3650; got the number -1",
            "{field: 'renewalDate', op: 'within_last_days', value: 1.5} | rule.value | within_last_days needs a whole number of days from 0 to 3650; got the number 1.5",
            "{field: 'renewalDate', op: 'within_last_days', value: '30'} | rule.value | within_last_days needs a whole number of days from 0 to 3650; got text \"30\"",
            // shapes
            "{and: []} | rule.and | and needs a non-empty array of rules; got an array",
            "{or: {field: 'health', op: 'is_null'}} | rule.or | or needs a non-empty array of rules; got an object",
            "{and: [{field: 'health', op: 'is_null'}, 5]} | rule.and[1] | expected an object with one of and, or, not, field; got the number 5",
            "{not: null} | rule.not | expected an object with one of and, or, not, field; got nothing",
            "{and: [{field: 'health', op: 'is_null'}], field: 'health'} | rule | a rule has exactly one of and, or, not, field; found and, field",
            "{field: 'health', op: 'is_null', values: 3} | rule.values | unknown key; a condition has field, op and value",
            "{not: {field: 'health', op: 'is_null'}, op: 'eq'} | rule.op | unknown key; a not rule has no other keys",
            "{or: [{field: 'health', op: 'is_null'}, {and: [{field: 'band', op: 'eq', value: 'watch'}, {not: {field: 'helth', op: 'is_null'}}]}]} | rule.or[1].and[1].not.field | unknown field \"helth\"; known fields: industry, planTier, owner, currency, arr, renewalDate, contractStart, health, band, adoption, support, engagement, engagementScore30, engagementScore90, trendChange30, quadrant, satisfactionTrap, premiumPaysBasicUse, active, daysSinceHumanContact, inboundContacts90, outboundContacts90, activeDays30, lastNps, openTickets, entitledFeatures",
            "{or: [{field: 'health', op: 'is_null'}], value: 1} | rule.value | unknown key; an or rule has no other keys",
            "`[1, 2]` | rule | expected an object with one of and, or, not, field; got an array",
    })
    void reportsEachViolationWithItsPath(String json, String path, String message) {
        RuleException e = catchThrowableOfType(() -> RuleParser.parse(tree(json)), RuleException.class);

        assertThat(e).as("a violation is expected").isNotNull();
        assertThat(e.violations()).containsExactly(new RuleViolation(path, message));
    }

    @Test
    void collectsEveryViolationNotJustTheFirst() {
        RuleException e = catchThrowableOfType(() -> RuleParser.parse(tree("""
                {and: [
                  {field: 'industry', op: 'eq', value: 'retail'},
                  {or: [{field: 'health', op: 'lt', value: 'low'}, {field: 'nps', op: 'eq', value: 9}]},
                  {not: {field: 'renewalDate', op: 'between', value: ['2025-02-01', '2025-01-01']}},
                  {field: 'active', op: 'eq', value: true}
                ]}""")), RuleException.class);

        assertThat(e.violations()).extracting(RuleViolation::path).containsExactly(
                "rule.and[0].value",
                "rule.and[1].or[0].value",
                "rule.and[1].or[1].field",
                "rule.and[2].not.value");
        assertThat(e).hasMessageContaining("rule.and[0].value: \"retail\" is not a value of industry")
                .hasMessageContaining("; rule.and[1].or[0].value: expected a number for health");
    }

    @Test
    void aConditionWithSeveralFaultsReportsEachPart() {
        RuleException e = catchThrowableOfType(() -> RuleParser.parse(tree(
                "{field: 'helth', op: 'around', value: 3, extra: 1}")), RuleException.class);

        assertThat(e.violations()).extracting(RuleViolation::path)
                .containsExactly("rule.extra", "rule.field", "rule.op");
    }

    @Test
    void nestsUpToTenLevels() {
        // 9 nots and a condition: 10 levels
        assertThat(rule(nots(9, "{field: 'health', op: 'is_null'}"))).isInstanceOf(Rule.Not.class);

        RuleException e = catchThrowableOfType(() -> RuleParser.parse(tree(
                nots(10, "{field: 'health', op: 'is_null'}"))), RuleException.class);
        assertThat(e.violations()).containsExactly(new RuleViolation("rule" + ".not".repeat(10),
                "rules nest at most 10 levels deep"));
    }

    @Test
    void aHostileDepthStopsAtTheLimit() {
        Object deep = Map.of("field", "health", "op", "is_null");
        for (int i = 0; i < 10_000; i++) {
            deep = Map.of("not", deep);
        }
        Object tree = deep;

        assertThatThrownBy(() -> RuleParser.parse(tree)).isInstanceOf(RuleException.class)
                .hasMessage("rule" + ".not".repeat(10) + ": rules nest at most 10 levels deep");
    }

    @Test
    void hasAtMostTwoHundredNodes() {
        Map<String, Object> condition = Map.of("field", "health", "op", "is_null");
        // an and with 199 conditions is 200 nodes
        assertThat(RuleParser.parse(Map.of("and", Collections.nCopies(199, condition)))).isInstanceOf(Rule.And.class);

        RuleException e = catchThrowableOfType(() -> RuleParser.parse(Map.of("and",
                Collections.nCopies(200, condition))), RuleException.class);
        assertThat(e.violations()).containsExactly(new RuleViolation("rule",
                "a rule has at most 200 nodes (and, or, not and conditions); this one has more"));
    }

    @Test
    void aHugeRuleIsRejectedWithoutReadingAllOfIt() {
        List<Object> items = new ArrayList<>(Collections.nCopies(1_000_000, Map.of("field", "nope", "op", "eq")));

        RuleException e = catchThrowableOfType(() -> RuleParser.parse(Map.of("or", items)), RuleException.class);

        // the unknown field of each of the 199 conditions read before the limit, and the limit once
        assertThat(e.violations()).hasSize(199 + 1);
        assertThat(e.violations()).filteredOn(v -> v.path().equals("rule")).hasSize(1);
    }

    @Test
    void aNullTreeIsAViolation() {
        assertThatThrownBy(() -> RuleParser.parse(null)).isInstanceOf(RuleException.class)
                .hasMessage("rule: expected an object with one of and, or, not, field; got nothing");
    }

    @Test
    void enumeratedValuesAreAcceptedInAnyCaseAndKeptCanonical() {
        assertThat(rule("{field: 'industry', op: 'eq', value: 'Manufacturing'}"))
                .isEqualTo(new Rule.Condition(Field.INDUSTRY, Operator.EQ, "manufacturing"));
    }

    @Test
    void aParsedRuleReadsBackFromItsTree() {
        Rule original = rule("""
                {or: [
                  {and: [{field: 'arr', op: 'between', value: [1000, 5000.25]},
                         {field: 'renewalDate', op: 'between', value: ['2025-01-01', '2025-06-30']}]},
                  {not: {field: 'band', op: 'in', value: ['watch', 'at_risk']}},
                  {field: 'lastNps', op: 'is_null'},
                  {field: 'contractStart', op: 'within_last_days', value: 90}
                ]}""");

        assertThat(RuleParser.parse(original.toTree())).isEqualTo(original);
    }

    @Test
    void conditionsBuiltByHandMustHoldNormalisedValues() {
        assertThatThrownBy(() -> new Rule.Condition(Field.HEALTH, Operator.LT, 40))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Rule.Condition(Field.INDUSTRY, Operator.LT, "saas"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Rule.And(List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    private static String nots(int count, String inner) {
        return "{not: ".repeat(count) + inner + "}".repeat(count);
    }
}

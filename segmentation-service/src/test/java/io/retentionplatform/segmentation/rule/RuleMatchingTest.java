package io.retentionplatform.segmentation.rule;

import static io.retentionplatform.segmentation.rule.RuleTrees.rule;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RuleMatchingTest {

    static final LocalDate TODAY = LocalDate.parse("2026-03-01");

    /** Matches the issue's example: manufacturing, health 35, renewal in 90 days, Silent Satisfied. */
    static final AccountFacts AT_RISK_MANUFACTURER = AccountFacts.builder("acme")
            .industry("manufacturing")
            .planTier("premium")
            .owner("Jane Doe")
            .arr(new BigDecimal("48000"))
            .renewalDate(TODAY.plusDays(90))
            .contractStart(LocalDate.parse("2024-06-01"))
            .health(35)
            .band("at_risk")
            .quadrant("silent_satisfieds")
            .satisfactionTrap(true)
            .active(true)
            .daysSinceHumanContact(120)
            .entitledFeatures("dashboards", "SSO")
            .build();

    static final Rule ISSUE_EXAMPLE = rule(RuleParserTest.ISSUE_EXAMPLE);

    @Test
    void theIssuesExampleMatchesAnAtRiskManufacturerRenewingSoon() {
        assertThat(ISSUE_EXAMPLE.matches(AT_RISK_MANUFACTURER, TODAY)).isTrue();
    }

    // each change breaks exactly one of the example's four conditions
    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "another industry", "health at 40", "renewal in 121 days", "renewal yesterday", "an active advocate",
            "renewal unknown", "health unknown",
    })
    void theIssuesExampleDoesNotMatchWhenOneConditionFails(String change) {
        UnaryOperator<AccountFacts.Builder> edit = switch (change) {
            case "another industry" -> b -> b.industry("saas");
            case "health at 40" -> b -> b.health(40);
            case "renewal in 121 days" -> b -> b.renewalDate(TODAY.plusDays(121));
            case "renewal yesterday" -> b -> b.renewalDate(TODAY.minusDays(1));
            case "an active advocate" -> b -> b.quadrant("active_advocates");
            case "renewal unknown" -> b -> b.renewalDate(null);
            case "health unknown" -> b -> b.health(null);
            default -> throw new IllegalArgumentException(change);
        };

        assertThat(ISSUE_EXAMPLE.matches(edit.apply(AT_RISK_MANUFACTURER.toBuilder()).build(), TODAY)).isFalse();
    }

    @Test
    void renewalWindowIncludesTodayAndTheLastDay() {
        assertThat(ISSUE_EXAMPLE.matches(AT_RISK_MANUFACTURER.toBuilder().renewalDate(TODAY).build(), TODAY)).isTrue();
        assertThat(ISSUE_EXAMPLE.matches(AT_RISK_MANUFACTURER.toBuilder().renewalDate(TODAY.plusDays(120)).build(),
                TODAY)).isTrue();
        // a day later the window reaches one day further
        assertThat(ISSUE_EXAMPLE.matches(AT_RISK_MANUFACTURER.toBuilder().renewalDate(TODAY.plusDays(121)).build(),
                TODAY.plusDays(1))).isTrue();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "{or: [{field: 'industry', op: 'eq', value: 'saas'}, {field: 'health', op: 'lt', value: 40}]}   | true",
            "{or: [{field: 'industry', op: 'eq', value: 'saas'}, {field: 'health', op: 'gt', value: 40}]}   | false",
            "{not: {field: 'industry', op: 'eq', value: 'saas'}}                                            | true",
            "{not: {or: [{field: 'band', op: 'eq', value: 'at_risk'}, {field: 'active', op: 'eq', value: false}]}} | false",
            "{and: [{field: 'active', op: 'eq', value: true}, {not: {field: 'satisfactionTrap', op: 'ne', value: true}}]} | true",
            // texts compare case-insensitively
            "{field: 'owner', op: 'eq', value: 'jane doe'}                                                  | true",
            "{field: 'planTier', op: 'ne', value: 'PREMIUM'}                                                | false",
            "{field: 'planTier', op: 'in', value: ['basic', 'Premium']}                                     | true",
            "{field: 'planTier', op: 'not_in', value: ['basic', 'Premium']}                                 | false",
            "{field: 'entitledFeatures', op: 'contains', value: 'sso'}                                      | true",
            "{field: 'entitledFeatures', op: 'contains', value: 'forecasting'}                              | false",
            // numbers (Integer and BigDecimal facts)
            "{field: 'arr', op: 'eq', value: 48000.00}                                                      | true",
            "{field: 'arr', op: 'between', value: [48000, 50000]}                                           | true",
            "{field: 'arr', op: 'between', value: [10000, 47999.99]}                                        | false",
            "{field: 'health', op: 'lte', value: 35}                                                        | true",
            "{field: 'health', op: 'gte', value: 35.5}                                                      | false",
            "{field: 'daysSinceHumanContact', op: 'gt', value: 90}                                          | true",
            // dates (contract start 2024-06-01)
            "{field: 'contractStart', op: 'lt', value: '2024-06-02'}                                        | true",
            "{field: 'contractStart', op: 'gte', value: '2024-06-02'}                                       | false",
            "{field: 'contractStart', op: 'between', value: ['2024-01-01', '2024-06-01']}                   | true",
            "{field: 'contractStart', op: 'eq', value: '2024-06-01'}                                        | true",
            "{field: 'contractStart', op: 'within_last_days', value: 638}                                   | true",
            "{field: 'contractStart', op: 'within_last_days', value: 637}                                   | false",
            "{field: 'renewalDate', op: 'within_last_days', value: 365}                                     | false",
    })
    void evaluatesAgainstTheFacts(String json, boolean expected) {
        assertThat(rule(json).matches(AT_RISK_MANUFACTURER, TODAY)).isEqualTo(expected);
    }

    // two-valued logic: every comparison with an unknown fact is false, its NOT true; is_null tests for it
    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "{field: 'lastNps', op: 'lt', value: 7}                       | false",
            "{field: 'lastNps', op: 'eq', value: 7}                       | false",
            "{field: 'lastNps', op: 'ne', value: 7}                       | false",
            "{field: 'lastNps', op: 'between', value: [0, 10]}            | false",
            "{not: {field: 'lastNps', op: 'lt', value: 7}}                | true",
            "{not: {field: 'lastNps', op: 'ne', value: 7}}                | true",
            "{field: 'lastNps', op: 'is_null'}                            | true",
            "{field: 'lastNps', op: 'is_not_null'}                        | false",
            "{field: 'currency', op: 'not_in', value: ['EUR']}            | false",
            "{field: 'premiumPaysBasicUse', op: 'ne', value: true}        | false",
            "{field: 'openTickets', op: 'is_null'}                        | true",
            "{field: 'health', op: 'is_not_null'}                         | true",
            "{or: [{field: 'lastNps', op: 'lt', value: 7}, {field: 'lastNps', op: 'is_null'}]} | true",
    })
    void unknownFactsMakeComparisonsFalse(String json, boolean expected) {
        assertThat(rule(json).matches(AT_RISK_MANUFACTURER, TODAY)).isEqualTo(expected);
    }

    @Test
    void anAccountWithoutEntitlementsContainsNothing() {
        AccountFacts bare = AccountFacts.builder("bare").build();

        assertThat(rule("{field: 'entitledFeatures', op: 'contains', value: 'sso'}").matches(bare, TODAY)).isFalse();
        assertThat(rule("{field: 'entitledFeatures', op: 'is_null'}").matches(bare, TODAY)).isTrue();
        assertThat(rule("{field: 'renewalDate', op: 'within_next_days', value: 30}").matches(bare, TODAY)).isFalse();
    }

    @Test
    void fieldsAreEveryFieldTheRuleReads() {
        assertThat(ISSUE_EXAMPLE.fields()).containsExactlyInAnyOrder(Field.INDUSTRY, Field.HEALTH,
                Field.RENEWAL_DATE, Field.QUADRANT);
        assertThat(rule("{or: [{field: 'band', op: 'is_null'}, {not: {field: 'band', op: 'eq', value: 'watch'}}]}")
                .fields()).containsExactly(Field.BAND);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "{field: 'renewalDate', op: 'lt', value: '2026-06-01'}                                         | false",
            "{field: 'contractStart', op: 'within_last_days', value: 30}                                   | true",
            "{and: [{field: 'health', op: 'lt', value: 40}, {not: {field: 'renewalDate', op: 'within_next_days', value: 9}}]} | true",
            "{or: [{field: 'health', op: 'lt', value: 40}, {field: 'band', op: 'eq', value: 'watch'}]}      | false",
    })
    void dependsOnTodayOnlyWithADateWindow(String json, boolean expected) {
        assertThat(rule(json).dependsOnToday()).isEqualTo(expected);
    }

    @Test
    void theIssuesExampleDependsOnToday() {
        assertThat(ISSUE_EXAMPLE.dependsOnToday()).isTrue();
        assertThatThrownBy(() -> ISSUE_EXAMPLE.matches(AT_RISK_MANUFACTURER, null))
                .isInstanceOf(NullPointerException.class);
    }

    @Test
    void factsKeepEntitlementsImmutableAndRequireAnId() {
        AccountFacts facts = AccountFacts.builder("a").entitledFeatures(new java.util.HashSet<>(java.util.Set.of("x")))
                .build();

        assertThatThrownBy(() -> facts.entitledFeatures().add("y")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> AccountFacts.builder(null)).isInstanceOf(NullPointerException.class);
        assertThat(facts.toBuilder().health(50).build()).isEqualTo(AccountFacts.builder("a")
                .entitledFeatures("x", "x").health(50).build());
    }
}

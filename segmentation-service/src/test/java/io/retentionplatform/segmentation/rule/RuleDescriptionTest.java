package io.retentionplatform.segmentation.rule;

import static io.retentionplatform.segmentation.rule.RuleTrees.rule;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RuleDescriptionTest {

    @Test
    void describesTheIssuesExample() {
        assertThat(RuleDescription.describe(rule(RuleParserTest.ISSUE_EXAMPLE))).isEqualTo(
                "industry is manufacturing AND health < 40 AND renewalDate within the next 120 days "
                        + "AND NOT (quadrant is active_advocates)");
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "{or: [{field: 'band', op: 'eq', value: 'watch'}, {and: [{field: 'health', op: 'lt', value: 40}, {field: 'active', op: 'eq', value: true}]}]} | band is watch OR (health < 40 AND active is true)",
            "{and: [{or: [{field: 'band', op: 'eq', value: 'watch'}, {field: 'band', op: 'eq', value: 'at_risk'}]}, {field: 'arr', op: 'gt', value: 50000}]} | (band is watch OR band is at_risk) AND arr > 50000",
            "{not: {and: [{field: 'health', op: 'is_null'}, {field: 'lastNps', op: 'is_not_null'}]}} | NOT (health is unknown AND lastNps is known)",
            "{and: [{field: 'owner', op: 'eq', value: 'Jane Doe'}]} | owner is \"Jane Doe\"",
            "{not: {not: {field: 'industry', op: 'in', value: ['saas', 'other']}}} | NOT (NOT (industry is one of saas, other))",
    })
    void nestedJunctionsAreParenthesised(String json, String description) {
        assertThat(RuleDescription.describe(rule(json))).isEqualTo(description);
    }
}

package io.retentionplatform.scoring.health;

import static io.retentionplatform.scoring.health.HealthCalculatorTest.MODEL;
import static io.retentionplatform.scoring.health.HealthCalculatorTest.NOW;
import static io.retentionplatform.scoring.health.HealthCalculatorTest.daysAgo;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.temporal.ChronoUnit;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.retentionplatform.contracts.EngagementEventType;
import io.retentionplatform.scoring.health.Explanation.ComponentExplanation;
import io.retentionplatform.scoring.signals.AccountSignals;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Explanations in points of the score: the parts shown add up to the change shown, whatever moved. */
class HealthExplainerTest {

    private static final Pattern POINTS = Pattern.compile("(adoption|support|engagement|survey): ([+-]?\\d+) points?");

    private final HealthCalculator calculator = new HealthCalculator();
    private final HealthExplainer explainer = new HealthExplainer();

    @Test
    void theSurveyAppearingIsItsWeightTimesItsValueAndTheOthersGiveUpTheirShare() {
        AccountSignals s = fullHealth();
        HealthAssessment before = calculator.assess(s, null, MODEL, NOW);
        s.apply(EngagementEventType.SURVEY_NPS, daysAgo(0), Map.of("score", 9));
        HealthAssessment after = calculator.assess(s, null, MODEL, NOW);

        Explanation explanation = explainer.explain(before, after);

        // 100 with three components; then 0.35 + 0.25 + 0.30 of 100 plus 0.10 of 90 = 99.
        assertThat(before.score()).isEqualTo(100);
        assertThat(after.score()).isEqualTo(99);
        assertThat(explanation.summary()).startsWith("Health 99 (healthy), down 1 from 100: survey: +9 points (counts now, value 90: latest NPS none -> 9)")
                .doesNotContain("+90");
        assertThat(points(explanation)).containsExactlyInAnyOrderEntriesOf(Map.of(
                Component.SURVEY, 9, Component.ADOPTION, -4, Component.ENGAGEMENT, -3, Component.SUPPORT, -3));
        assertThat(explanation.changes()).anySatisfy(line -> assertThat(line)
                .isEqualTo("adoption: -4 points (weight 0.39 -> 0.35 (the survey counts now))"));
        assertThat(component(explanation, "survey")).satisfies(c -> {
            assertThat(c.points()).isEqualTo(9);
            assertThat(c.change()).as("no value before to change from").isNull();
            assertThat(c.contribution()).isEqualTo(9.0);
        });
        assertThat(component(explanation, "adoption").change()).isZero();
    }

    @Test
    void theSurveyDroppingOutHandsItsWeightBack() {
        AccountSignals s = fullHealth();
        s.apply(EngagementEventType.SURVEY_NPS, NOW.minus(179, ChronoUnit.DAYS), Map.of("score", 2));
        HealthAssessment before = calculator.assess(s, null, MODEL, NOW);
        // Two days later the answer is older than 180 days and no longer counts.
        HealthAssessment after = calculator.assess(s, null, MODEL, NOW.plus(2, ChronoUnit.DAYS));

        Explanation explanation = explainer.explain(before, after);

        assertThat(after.components()).doesNotContainKey(Component.SURVEY);
        int change = after.score() - before.score();
        assertThat(change).isPositive();
        assertThat(points(explanation).values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(change);
        assertThat(points(explanation).get(Component.SURVEY)).isEqualTo(-2);
        assertThat(explanation.changes()).anySatisfy(line -> assertThat(line)
                .startsWith("survey: -2 points (no longer counts: latest NPS 2 -> none)"));
        assertThat(explanation.changes()).anySatisfy(line -> assertThat(line)
                .contains("weight 0.35 -> 0.39 (the survey no longer counts)"));
    }

    @Test
    void aFirstScoreHasNoPoints() {
        Explanation explanation = explainer.explain(null, calculator.assess(fullHealth(), null, MODEL, NOW));

        assertThat(explanation.summary()).isEqualTo("Health 100 (healthy), first score");
        assertThat(explanation.changes()).isEmpty();
        assertThat(explanation.components()).allSatisfy(c -> {
            assertThat(c.points()).isNull();
            assertThat(c.change()).isNull();
        });
    }

    /** Many random pairs of accounts: whatever moved, the points shown add up to the change shown. */
    @Test
    void thePointsShownAlwaysAddUpToTheChangeShown() {
        Random random = new Random(20261124);
        for (int round = 0; round < 2_000; round++) {
            HealthAssessment before = calculator.assess(randomSignals(random), null, MODEL, NOW);
            HealthAssessment after = calculator.assess(randomSignals(random), null, MODEL, NOW);

            Explanation explanation = explainer.explain(before, after);

            int change = after.score() - before.score();
            Map<Component, Integer> shown = points(explanation);
            assertThat(shown.values().stream().mapToInt(Integer::intValue).sum()).as(explanation.summary()).isEqualTo(change);
            assertThat(explanation.components().stream().mapToInt(ComponentExplanation::points).sum()).isEqualTo(change);
            // Each part is its exact share (weight x value before and after), off by at most one point.
            for (ComponentExplanation c : explanation.components()) {
                Component component = Component.valueOf(c.component().toUpperCase());
                double exact = after.contribution(component) - before.contribution(component);
                assertThat((double) c.points()).as(explanation.summary()).isCloseTo(exact, org.assertj.core.data.Offset.offset(1.0));
            }
            String movement = change == 0 ? "unchanged" : (change > 0 ? "up " : "down ") + Math.abs(change);
            assertThat(explanation.summary()).contains(movement);
        }
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            0.5, 0.5, -0.2    | 1  | 0, 1, 0
            0.5, 0.5, -0.2    | 0  | 0, 0, 0
            -0.4, -0.4, -0.4  | -1 | -1, 0, 0
            -0.4, -0.45, -0.4 | -1 | 0, -1, 0
            2.6, -1.2, 0.0    | 2  | 3, -1, 0
            2.4, -1.2, 0.0    | 0  | 2, -2, 0
            -3.89, -2.78, -3.33, 9.0 | -1 | -4, -3, -3, 9
            """)
    void sharesAreRoundedToAddUpToTheTotal(String exact, int total, String expected) {
        List<Double> shares = java.util.Arrays.stream(exact.split(",")).map(String::trim).map(Double::valueOf).toList();
        Map<Component, Double> byComponent = new EnumMap<>(Component.class);
        for (int i = 0; i < shares.size(); i++) {
            byComponent.put(Component.values()[i], shares.get(i));
        }

        Map<Component, Integer> points = HealthExplainer.apportion(byComponent, total);

        List<Integer> wanted = java.util.Arrays.stream(expected.split(",")).map(String::trim).map(Integer::valueOf).toList();
        for (int i = 0; i < wanted.size(); i++) {
            assertThat(points.get(Component.values()[i])).as(Component.values()[i].label()).isEqualTo(wanted.get(i));
        }
    }

    @Test
    void twoComponentsMovingShareTheChangeInPoints() {
        AccountSignals s = new AccountSignals();
        for (int day = 0; day < 10; day++) {
            s.apply(EngagementEventType.USAGE_LOGIN, daysAgo(day), Map.of());
        }
        HealthAssessment before = calculator.assess(s, null, MODEL, NOW);
        s.apply(EngagementEventType.CONTACT_MEETING, daysAgo(0), Map.of("direction", "inbound"));
        s.apply(EngagementEventType.SUPPORT_TICKET_OPENED, daysAgo(0), Map.of("ticketId", "T1"));
        s.apply(EngagementEventType.SUPPORT_TICKET_CLOSED, daysAgo(0), Map.of("ticketId", "T1"));
        HealthAssessment after = calculator.assess(s, null, MODEL, NOW);

        Explanation explanation = explainer.explain(before, after);

        // Engagement +25 at weight 0.30 / 0.90 = +8.3 points, support -5 at 0.25 / 0.90 = -1.4: the score's rounding
        // decides whether support shows -1 or -2, and the two add up to the change either way.
        int change = after.score() - before.score();
        assertThat(explanation.summary()).startsWith("Health " + after.score() + " (" + after.band() + "), up " + change
                + " from " + before.score() + ": engagement: +8 points (value 0 -> 25: inbound contacts in 90 days 0 -> 1); "
                + "support: " + (change - 8) + " points (value 100 -> 95: tickets opened in 30 days 0 -> 1)");
        assertThat(points(explanation)).containsOnlyKeys(Component.ENGAGEMENT, Component.SUPPORT);
    }

    /** Every component at 100, no NPS. */
    private static AccountSignals fullHealth() {
        AccountSignals s = new AccountSignals();
        for (int day = 0; day < 25; day++) {
            s.apply(EngagementEventType.USAGE_FEATURE_USED, daysAgo(day), Map.of("feature", "f" + (day % 6)));
        }
        for (int i = 0; i < 4; i++) {
            s.apply(EngagementEventType.ADVOCACY_REFERRAL, daysAgo(1), Map.of());
        }
        return s;
    }

    private static AccountSignals randomSignals(Random random) {
        AccountSignals s = new AccountSignals();
        int events = random.nextInt(60);
        EngagementEventType[] types = {EngagementEventType.USAGE_LOGIN, EngagementEventType.USAGE_FEATURE_USED,
                EngagementEventType.SUPPORT_TICKET_OPENED, EngagementEventType.CONTACT_CALL,
                EngagementEventType.ADVOCACY_REVIEW, EngagementEventType.MARKETING_WEBINAR, EngagementEventType.SURVEY_NPS};
        for (int i = 0; i < events; i++) {
            EngagementEventType type = types[random.nextInt(types.length)];
            Map<String, Object> attributes = switch (type) {
                case USAGE_FEATURE_USED -> Map.of("feature", "f" + random.nextInt(8));
                case SUPPORT_TICKET_OPENED -> Map.of("ticketId", "T" + random.nextInt(1000),
                        "severity", random.nextBoolean() ? "high" : "low");
                case CONTACT_CALL -> Map.of("direction", random.nextBoolean() ? "inbound" : "outbound");
                case SURVEY_NPS -> Map.of("score", random.nextInt(11));
                default -> Map.of();
            };
            s.apply(type, daysAgo(random.nextInt(100)), attributes);
        }
        return s;
    }

    /** The points each change line shows. */
    private static Map<Component, Integer> points(Explanation explanation) {
        Map<Component, Integer> points = new EnumMap<>(Component.class);
        for (String line : explanation.changes()) {
            Matcher m = POINTS.matcher(line);
            if (m.lookingAt()) {
                points.put(Component.valueOf(m.group(1).toUpperCase()), Integer.parseInt(m.group(2)));
            }
        }
        // The summary shows the same lines.
        explanation.changes().forEach(line -> assertThat(explanation.summary()).contains(line));
        return points;
    }

    private static ComponentExplanation component(Explanation explanation, String name) {
        return explanation.components().stream().filter(c -> c.component().equals(name)).findFirst().orElseThrow();
    }
}

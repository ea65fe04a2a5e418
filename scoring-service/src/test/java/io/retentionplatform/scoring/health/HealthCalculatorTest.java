package io.retentionplatform.scoring.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import io.retentionplatform.contracts.EngagementEventType;
import io.retentionplatform.scoring.signals.AccountSignals;
import io.retentionplatform.scoring.signals.Plan;
import org.junit.jupiter.api.Test;

class HealthCalculatorTest {

    static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");
    static final HealthModel MODEL = new HealthModel(1, 0.35, 0.25, 0.30, 0.10, 0.15, 70, 40, 30, 90, 30,
            Set.of("premium", "enterprise"));
    private final HealthCalculator calculator = new HealthCalculator();

    @Test
    void noSignalsLeavesOnlySupportAndTheSurveyWeightGoesToTheOthers() {
        HealthAssessment a = calculator.assess(new AccountSignals(), null, MODEL, NOW);

        assertThat(a.components()).containsExactlyInAnyOrderEntriesOf(Map.of(
                Component.ADOPTION, 0, Component.SUPPORT, 100, Component.ENGAGEMENT, 0));
        assertThat(a.weights().get(Component.SURVEY)).isZero();
        assertThat(a.weights().get(Component.SUPPORT)).isEqualTo(0.25 / 0.90, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(a.score()).isEqualTo(28);
        assertThat(a.band()).isEqualTo("at_risk");
    }

    @Test
    void dailyBroadUseWithContactAndAdvocacyIsHealthy() {
        AccountSignals s = new AccountSignals();
        for (int day = 0; day < 25; day++) {
            s.apply(EngagementEventType.USAGE_FEATURE_USED, daysAgo(day), Map.of("feature", "f" + (day % 6)));
        }
        s.apply(EngagementEventType.CONTACT_MEETING, daysAgo(3), Map.of("direction", "inbound"));
        s.apply(EngagementEventType.CONTACT_CALL, daysAgo(10), Map.of("direction", "inbound"));
        s.apply(EngagementEventType.ADVOCACY_REFERRAL, daysAgo(5), Map.of());
        s.apply(EngagementEventType.ADVOCACY_CASE_STUDY, daysAgo(20), Map.of());

        HealthAssessment a = calculator.assess(s, null, MODEL, NOW);

        assertThat(a.component(Component.ADOPTION)).isEqualTo(100);
        assertThat(a.component(Component.ENGAGEMENT)).isGreaterThanOrEqualTo(80);
        assertThat(a.band()).isEqualTo("healthy");
        assertThat(a.summary().activeDays()).isEqualTo(25);
        assertThat(a.summary().featuresUsed()).isEqualTo(6);
    }

    @Test
    void aPerfectNpsAloneCannotMakeAnAccountHealthy() {
        AccountSignals s = new AccountSignals();
        s.apply(EngagementEventType.SURVEY_NPS, daysAgo(5), Map.of("score", 10));

        HealthAssessment a = calculator.assess(s, null, MODEL, NOW);

        assertThat(a.component(Component.SURVEY)).isEqualTo(100);
        assertThat(a.contribution(Component.SURVEY)).isEqualTo(10.0);
        assertThat(a.score()).isEqualTo(35);
        assertThat(a.band()).isEqualTo("at_risk");
    }

    @Test
    void surveyWeightAboveTheCapIsRejected() {
        assertThatThrownBy(() -> new HealthModel(2, 0.3, 0.2, 0.3, 0.2, 0.15, 70, 40, 30, 90, 30, Set.of()))
                .isInstanceOf(HealthModel.InvalidModelException.class)
                .hasMessageContaining("weights.survey");
    }

    @Test
    void goodNpsWithoutContactAndFallingUsageIsASatisfactionTrap() {
        AccountSignals s = usageThenDecline();
        s.apply(EngagementEventType.SURVEY_NPS, daysAgo(20), Map.of("score", 8));
        s.apply(EngagementEventType.CONTACT_MEETING, daysAgo(120), Map.of("direction", "outbound"));

        HealthAssessment a = calculator.assess(s, null, MODEL, NOW);

        assertThat(a.satisfactionTrap()).isTrue();
        assertThat(a.summary().daysSinceHumanContact()).isEqualTo(120);
        assertThat(new HealthExplainer().explain(null, a).flags()).singleElement().asString()
                .contains("satisfaction trap").contains("NPS 8").contains("120 days");
    }

    @Test
    void recentContactOrALowNpsOrSteadyUsageIsNoTrap() {
        AccountSignals contacted = usageThenDecline();
        contacted.apply(EngagementEventType.SURVEY_NPS, daysAgo(20), Map.of("score", 8));
        contacted.apply(EngagementEventType.CONTACT_CALL, daysAgo(30), Map.of("direction", "inbound"));
        assertThat(calculator.assess(contacted, null, MODEL, NOW).satisfactionTrap()).isFalse();

        AccountSignals detractor = usageThenDecline();
        detractor.apply(EngagementEventType.SURVEY_NPS, daysAgo(20), Map.of("score", 6));
        assertThat(calculator.assess(detractor, null, MODEL, NOW).satisfactionTrap()).isFalse();

        AccountSignals steady = new AccountSignals();
        for (int day = 0; day < 60; day++) {
            steady.apply(EngagementEventType.USAGE_LOGIN, daysAgo(day), Map.of());
        }
        steady.apply(EngagementEventType.SURVEY_NPS, daysAgo(20), Map.of("score", 9));
        assertThat(calculator.assess(steady, null, MODEL, NOW).satisfactionTrap()).isFalse();
    }

    @Test
    void premiumPlanUsedOnlyForBasicFeaturesIsFlagged() {
        Plan premium = new Plan("premium", Set.of("dashboards", "reports", "forecasting", "sso"), Set.of("forecasting", "sso"), 1);
        AccountSignals basicUse = new AccountSignals();
        basicUse.apply(EngagementEventType.USAGE_FEATURE_USED, daysAgo(3), Map.of("feature", "dashboards"));
        basicUse.apply(EngagementEventType.USAGE_FEATURE_USED, daysAgo(4), Map.of("feature", "reports"));
        basicUse.apply(EngagementEventType.USAGE_FEATURE_USED, daysAgo(100), Map.of("feature", "forecasting"));

        ValueRealization value = calculator.assess(basicUse, premium, MODEL, NOW).valueRealization();

        assertThat(value.premiumPaysBasicUse()).isTrue();
        assertThat(value.adoptionRatio()).isEqualTo(0.5);
        assertThat(value.usedEntitledFeatures()).containsExactly("dashboards", "reports");
        assertThat(value.unusedPremiumFeatures()).containsExactly("forecasting", "sso");

        basicUse.apply(EngagementEventType.USAGE_FEATURE_USED, daysAgo(1), Map.of("feature", "sso"));
        assertThat(calculator.assess(basicUse, premium, MODEL, NOW).valueRealization().premiumPaysBasicUse()).isFalse();
        Plan basic = new Plan("basic", Set.of("dashboards", "reports"), Set.of(), 1);
        assertThat(calculator.assess(new AccountSignals(), basic, MODEL, NOW).valueRealization().premiumPaysBasicUse()).isFalse();
    }

    @Test
    void olderSignalsCountLess() {
        AccountSignals recent = new AccountSignals();
        AccountSignals older = new AccountSignals();
        recent.apply(EngagementEventType.CONTACT_MEETING, daysAgo(1), Map.of("direction", "inbound"));
        older.apply(EngagementEventType.CONTACT_MEETING, daysAgo(60), Map.of("direction", "inbound"));

        assertThat(calculator.assess(recent, null, MODEL, NOW).component(Component.ENGAGEMENT)).isEqualTo(24);
        assertThat(calculator.assess(older, null, MODEL, NOW).component(Component.ENGAGEMENT)).isEqualTo(6);
    }

    @Test
    void closingATicketRemovesItFromTheOpenOnes() {
        AccountSignals s = new AccountSignals();
        s.apply(EngagementEventType.SUPPORT_TICKET_OPENED, daysAgo(3), Map.of("ticketId", "T1", "severity", "high"));
        s.apply(EngagementEventType.SUPPORT_TICKET_OPENED, daysAgo(2), Map.of("ticketId", "T2"));
        assertThat(calculator.assess(s, null, MODEL, NOW).component(Component.SUPPORT)).isEqualTo(100 - 40 - 10 - 10);

        s.apply(EngagementEventType.SUPPORT_TICKET_CLOSED, daysAgo(1), Map.of("ticketId", "T1"));
        assertThat(calculator.assess(s, null, MODEL, NOW).component(Component.SUPPORT)).isEqualTo(100 - 20 - 10 - 10);
    }

    @Test
    void explanationNamesTheSignalsThatMovedAComponent() {
        AccountSignals s = new AccountSignals();
        for (int t = 0; t < 3; t++) {
            s.apply(EngagementEventType.SUPPORT_TICKET_OPENED, daysAgo(5), Map.of("ticketId", "T" + t));
        }
        HealthAssessment before = calculator.assess(s, null, MODEL, NOW);
        for (int t = 3; t < 9; t++) {
            s.apply(EngagementEventType.SUPPORT_TICKET_OPENED, daysAgo(1), Map.of("ticketId", "T" + t));
        }
        HealthAssessment after = calculator.assess(s, null, MODEL, NOW);

        Explanation explanation = new HealthExplainer().explain(before, after);

        // Support fell 100 -> 0 at weight 0.25 / 0.90: the whole score change, in points of the score.
        int scoreChange = after.score() - before.score();
        assertThat(explanation.changes()).singleElement().asString()
                .startsWith("support: " + scoreChange + " points (value " + before.component(Component.SUPPORT) + " -> 0: ")
                .contains("open tickets 3 -> 9").contains("tickets opened in 30 days 3 -> 9");
        assertThat(explanation.summary()).contains("down " + -scoreChange + " from " + before.score()).contains("support: ");
        assertThat(explanation.components()).filteredOn(c -> c.component().equals("support")).singleElement()
                .satisfies(c -> assertThat(c.contribution()).isEqualTo(Math.round(c.weight() * c.value() * 100) / 100.0));
    }

    @Test
    void aNewInboundContactAtFullEngagementIsStillAVisibleChange() {
        AccountSignals s = new AccountSignals();
        for (int i = 0; i < 4; i++) {
            s.apply(EngagementEventType.ADVOCACY_REFERRAL, daysAgo(1), Map.of());
        }
        s.apply(EngagementEventType.USAGE_LOGIN, daysAgo(2), Map.of());
        HealthAssessment before = calculator.assess(s, null, MODEL, NOW);
        s.apply(EngagementEventType.CONTACT_CALL, daysAgo(0), Map.of("direction", "inbound"));
        HealthAssessment after = calculator.assess(s, null, MODEL, NOW);

        assertThat(before.component(Component.ENGAGEMENT)).isEqualTo(100);
        assertThat(after.components()).isEqualTo(before.components());
        assertThat(after.score()).isEqualTo(before.score());
        assertThat(after.summary().inboundContacts90()).isEqualTo(1);
        assertThat(after.summary().lastInboundContactAt()).isEqualTo(daysAgo(0));
        assertThat(after.differsFrom(before)).isTrue();

        // A second login on an already active day moves no published figure: no new version.
        s.apply(EngagementEventType.USAGE_LOGIN, daysAgo(2).plusSeconds(60), Map.of());
        assertThat(calculator.assess(s, null, MODEL, NOW).differsFrom(after)).isFalse();
    }

    @Test
    void onlyWhatTheCustomerDoesCountsAsEngagement() {
        AccountSignals s = new AccountSignals();
        s.apply(EngagementEventType.MARKETING_EMAIL_OPEN, daysAgo(1), Map.of());
        s.apply(EngagementEventType.CONTACT_CALL, daysAgo(1), Map.of("direction", "outbound"));
        s.apply(EngagementEventType.USAGE_LOGIN, daysAgo(1), Map.of());
        assertThat(s.lastEngagementAt()).isEmpty();
        assertThat(calculator.assess(s, null, MODEL, NOW).summary().marketingTouches90()).isEqualTo(1);

        s.apply(EngagementEventType.MARKETING_EMAIL_CLICK, daysAgo(5), Map.of());
        assertThat(s.lastEngagementAt()).contains(daysAgo(5));
        s.apply(EngagementEventType.ADVOCACY_REVIEW, daysAgo(3), Map.of());
        s.apply(EngagementEventType.MARKETING_WEBINAR, daysAgo(4), Map.of());
        assertThat(s.lastEngagementAt()).contains(daysAgo(3));
        s.apply(EngagementEventType.CONTACT_EMAIL_REPLY, daysAgo(2), Map.of("direction", "inbound"));
        assertThat(calculator.assess(s, null, MODEL, NOW).summary().lastEngagementAt()).isEqualTo(daysAgo(2));
    }

    @Test
    void trendComparesWithTheScoresSevenAndThirtyDaysBefore() {
        LocalDate today = LocalDate.of(2026, 11, 24);
        TreeMap<LocalDate, Integer> daily = new TreeMap<>(Map.of(today.minusDays(40), 50, today.minusDays(8), 70));

        assertThat(Trend.of(60, today, daily)).isEqualTo(new Trend(-10, 10, "down"));
        assertThat(Trend.of(71, today, daily).direction()).isEqualTo("flat");
        assertThat(Trend.of(60, today, new TreeMap<>())).isEqualTo(new Trend(null, null, "flat"));
    }

    private static AccountSignals usageThenDecline() {
        AccountSignals s = new AccountSignals();
        for (int day = 30; day < 60; day++) {
            s.apply(EngagementEventType.USAGE_LOGIN, daysAgo(day), Map.of());
        }
        for (int day = 0; day < 30; day += 3) {
            s.apply(EngagementEventType.USAGE_LOGIN, daysAgo(day), Map.of());
        }
        return s;
    }

    static Instant daysAgo(int days) {
        return NOW.minus(days, ChronoUnit.DAYS).minus(1, ChronoUnit.HOURS);
    }
}

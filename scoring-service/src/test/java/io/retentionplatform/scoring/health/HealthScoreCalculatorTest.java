package io.retentionplatform.scoring.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.retentionplatform.contracts.EngagementEventType;
import org.junit.jupiter.api.Test;

class HealthScoreCalculatorTest {

    private static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");
    private static final HealthModel MODEL = new HealthModel(0.4, 0.3, 0.3, 70, 40, 30);
    private final HealthScoreCalculator calculator = new HealthScoreCalculator();

    @Test
    void accountWithoutSignalsHasOnlyTheSupportComponentAndIsAtRisk() {
        HealthScore score = calculator.compute(List.of(), MODEL, NOW);

        assertThat(score).isEqualTo(new HealthScore(30, "at_risk", 0, 100, 0));
    }

    @Test
    void dailyUseOfManyFeaturesWithRegularContactIsHealthy() {
        List<Signal> signals = new ArrayList<>();
        for (int day = 0; day < 20; day++) {
            signals.add(signal(EngagementEventType.USAGE_FEATURE_USED, day, Map.of("feature", "feature-" + (day % 6))));
        }
        for (int i = 0; i < 4; i++) {
            signals.add(signal(EngagementEventType.CONTACT_MEETING, i * 7, Map.of("direction", "inbound")));
        }

        HealthScore score = calculator.compute(signals, MODEL, NOW);

        assertThat(score.adoption()).isEqualTo(100);
        assertThat(score.engagement()).isEqualTo(100);
        assertThat(score.score()).isEqualTo(100);
        assertThat(score.band()).isEqualTo("healthy");
    }

    @Test
    void openTicketsLowerSupportAndClosedOnesRestoreMostOfIt() {
        List<Signal> opened = List.of(
                signal(EngagementEventType.SUPPORT_TICKET_OPENED, 1, Map.of()),
                signal(EngagementEventType.SUPPORT_TICKET_OPENED, 2, Map.of()));

        assertThat(calculator.compute(opened, MODEL, NOW).support()).isEqualTo(100 - 2 * 20 - 2 * 5);

        List<Signal> closed = new ArrayList<>(opened);
        closed.add(signal(EngagementEventType.SUPPORT_TICKET_CLOSED, 0, Map.of()));
        closed.add(signal(EngagementEventType.SUPPORT_TICKET_CLOSED, 0, Map.of()));
        assertThat(calculator.compute(closed, MODEL, NOW).support()).isEqualTo(90);
    }

    @Test
    void signalsOutsideTheWindowDoNotCount() {
        List<Signal> old = List.of(signal(EngagementEventType.CONTACT_CALL, 31, Map.of()),
                signal(EngagementEventType.USAGE_LOGIN, 45, Map.of()));

        HealthScore score = calculator.compute(old, MODEL, NOW);

        assertThat(score.adoption()).isZero();
        assertThat(score.engagement()).isZero();
    }

    @Test
    void weightsChangeTheScoreButNotTheComponents() {
        List<Signal> signals = List.of(signal(EngagementEventType.CONTACT_CALL, 1, Map.of()));
        HealthModel engagementHeavy = new HealthModel(0.1, 0.1, 0.8, 70, 40, 30);

        HealthScore byDefault = calculator.compute(signals, MODEL, NOW);
        HealthScore reweighted = calculator.compute(signals, engagementHeavy, NOW);

        assertThat(reweighted.engagement()).isEqualTo(byDefault.engagement()).isEqualTo(25);
        assertThat(byDefault.score()).isEqualTo(Math.round(0.3f * 100 + 0.3f * 25));
        assertThat(reweighted.score()).isEqualTo(Math.round(0.1f * 100 + 0.8f * 25));
    }

    @Test
    void bandsFollowTheConfiguredLimits() {
        assertThat(MODEL.band(70)).isEqualTo("healthy");
        assertThat(MODEL.band(69)).isEqualTo("watch");
        assertThat(MODEL.band(40)).isEqualTo("watch");
        assertThat(MODEL.band(39)).isEqualTo("at_risk");
    }

    @Test
    void modelRejectsWeightsThatDoNotAddUpToOne() {
        assertThatThrownBy(() -> new HealthModel(0.5, 0.5, 0.5, 70, 40, 30))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("add up to 1");
        assertThatThrownBy(() -> new HealthModel(0.4, 0.3, 0.3, 40, 70, 30))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("watch < healthy");
    }

    private static Signal signal(EngagementEventType type, int daysAgo, Map<String, Object> attributes) {
        return new Signal(type, NOW.minus(daysAgo, ChronoUnit.DAYS).minus(1, ChronoUnit.HOURS), attributes);
    }
}

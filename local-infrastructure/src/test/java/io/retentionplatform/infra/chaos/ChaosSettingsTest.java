package io.retentionplatform.infra.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ChaosSettingsTest {

    private static final String[] OWN = {"--infra-jar=/x/local-infrastructure.jar", "--data-dir=/tmp/chaos",
            "--scoring-jar=/x/quarkus-run.jar", "--jwt-public-key=/x/key.pem"};

    @Test
    void theFullCampaignByDefault() {
        ChaosSettings settings = ChaosSettings.from(OWN, Map.of());

        assertThat(settings.scenarios()).containsExactly(Scenario.SCORING_KILL, Scenario.INFRASTRUCTURE_KILL,
                Scenario.MONGO_OUTAGE, Scenario.POISON, Scenario.REBALANCE_KILL);
        assertThat(settings.eventsPerScenario()).isEqualTo(200_000);
        assertThat(settings.accounts()).isEqualTo(2_000);
        assertThat(settings.kafka()).isEqualTo("127.0.0.1:49092");
        assertThat(settings.group()).isEqualTo("scoring-service");
        assertThat(settings.eventsTopic()).isEqualTo("engagement-events");
        assertThat(settings.faultAfterAccepted()).isEqualTo(60_000);
    }

    @Test
    void scenariosAndSizesFromArgumentsOrEnvironment() {
        ChaosSettings settings = ChaosSettings.from(new String[] {"--infrastructure=external", "--kafka=127.0.0.1:1",
                "--mongo=mongodb://127.0.0.1:2", "--scoring-jar=/x.jar", "--jwt-public-key=/k.pem",
                "--scenarios=poison,scoring-kill"}, Map.of("RETENTION_CHAOS_EVENTS", "20000"));

        assertThat(settings.scenarios()).isEqualTo(List.of(Scenario.POISON, Scenario.SCORING_KILL));
        assertThat(settings.eventsPerScenario()).isEqualTo(20_000);
        assertThat(settings.ownInfrastructure()).isFalse();
    }

    @Test
    void anInfrastructureItDidNotStartIsNeverKilled() {
        assertThatThrownBy(() -> ChaosSettings.from(new String[] {"--infrastructure=external", "--kafka=127.0.0.1:1",
                "--mongo=mongodb://127.0.0.1:2", "--scoring-jar=/x.jar", "--jwt-public-key=/k.pem",
                "--scenarios=infrastructure-kill"}, Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("infrastructure-kill");
    }

    @Test
    void badArgumentsAreNamed() {
        assertThatThrownBy(() -> ChaosSettings.from(new String[] {"--evnts=5"}, Map.of()))
                .hasMessageContaining("--evnts");
        assertThatThrownBy(() -> ChaosSettings.from(concat(OWN, "--scenarios=meteor"), Map.of()))
                .hasMessageContaining("meteor");
        assertThatThrownBy(() -> ChaosSettings.from(concat(OWN, "--fault-at=1.5"), Map.of()))
                .hasMessageContaining("--fault-at");
    }

    @Test
    void theLinesTheSuiteAndTheTestRead() {
        ScenarioResult clean = new ScenarioResult(Scenario.POISON, 200_000, 0, 0, 0, 6, List.of());
        ScenarioResult lossy = new ScenarioResult(Scenario.SCORING_KILL, 199_000, 12, 3, 40, 0, List.of());

        assertThat(clean.line()).isEqualTo("scenario=poison accepted=200000 lost=0 duplicated=0 state_mismatches=0 dead_lettered=6");
        assertThat(clean.passed()).isTrue();
        assertThat(lossy.passed()).isFalse();
        assertThat(new ScenarioResult(Scenario.POISON, 1, 0, 0, 0, 7, List.of("1 record dead-lettered besides the poison"))
                .passed()).isFalse();
        assertThat(ScenarioResult.summaryLine(List.of(clean, lossy)))
                .isEqualTo("chaos_scenarios=2 accepted=399000 lost=12 duplicated=3 state_mismatches=40");
    }

    private static String[] concat(String[] base, String extra) {
        String[] all = java.util.Arrays.copyOf(base, base.length + 1);
        all[base.length] = extra;
        return all;
    }
}

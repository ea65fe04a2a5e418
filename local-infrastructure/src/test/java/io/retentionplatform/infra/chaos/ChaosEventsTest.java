package io.retentionplatform.infra.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

class ChaosEventsTest {

    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

    @Test
    void theAccountsHaveKnownIds() {
        assertThat(ChaosEvents.accounts(2_000)).hasSize(2_000).startsWith("chaos-0000", "chaos-0001").endsWith("chaos-1999");
    }

    @Test
    void anEventIsTheSameWhoeverMakesIt() {
        ChaosEvents one = new ChaosEvents("run1", Scenario.SCORING_KILL, ChaosEvents.accounts(10), NOW);
        ChaosEvents two = new ChaosEvents("run1", Scenario.SCORING_KILL, ChaosEvents.accounts(10), NOW);

        assertThat(one.event(42)).isEqualTo(two.event(42)).containsEntry("id", one.id(42));
    }

    @Test
    void idsAreUniqueAcrossScenariosAndNeverThoseOfThePoison() {
        Set<String> ids = new HashSet<>();
        for (Scenario scenario : Scenario.values()) {
            ChaosEvents events = new ChaosEvents("run1", scenario, ChaosEvents.accounts(10), NOW);
            for (int i = 0; i < 100; i++) {
                assertThat(ids.add(events.id(i))).as(events.id(i)).isTrue();
            }
        }
        List<String> poison = PoisonRecords.make("run1", 6, NOW).stream().map(PoisonRecords.Poison::key).toList();

        assertThat(poison).doesNotContainAnyElementsOf(ids).doesNotHaveDuplicates();
    }
}

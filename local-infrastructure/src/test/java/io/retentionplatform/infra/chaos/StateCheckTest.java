package io.retentionplatform.infra.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.bson.Document;
import org.junit.jupiter.api.Test;

/** The state comparison and the counters it reads, on hand-made documents. */
class StateCheckTest {

    private static final List<String> ACCOUNTS = List.of("chaos-0000", "chaos-0001");

    @Test
    void statesThatFoldedExactlyTheStoredEventsMatch() {
        AccountCounts stored = AccountCounts.NONE.plus("usage.login").plus("usage.login").plus("survey.nps");
        AccountCounts folded = StoreProbe.folded(new Document("eventsFolded", 3L)
                .append("eventsFoldedByType", new Document("usage.login", 2).append("survey.nps", 1L)));

        StateCheck.Outcome outcome = StateCheck.compare(ACCOUNTS, Map.of(),
                Map.of("chaos-0000", AccountCounts.excess(folded, stored)));

        assertThat(outcome).isEqualTo(new StateCheck.Outcome(0, 0));
    }

    @Test
    void anEventFoldedTwiceIsADuplicateAndAMismatch() {
        AccountCounts stored = AccountCounts.NONE.plus("usage.login");
        AccountCounts folded = new AccountCounts(2, Map.of("usage.login", 2L));

        StateCheck.Outcome outcome = StateCheck.compare(ACCOUNTS, Map.of(),
                Map.of("chaos-0001", AccountCounts.excess(folded, stored)));

        assertThat(outcome).isEqualTo(new StateCheck.Outcome(1, 1));
    }

    @Test
    void aStateWithoutCountersMismatchesButDuplicatesNothing() {
        AccountCounts stored = AccountCounts.NONE.plus("usage.login");
        AccountCounts folded = StoreProbe.folded(new Document("_id", "chaos-0000"));

        StateCheck.Outcome outcome = StateCheck.compare(ACCOUNTS, Map.of(),
                Map.of("chaos-0000", AccountCounts.excess(folded, stored)));

        assertThat(outcome).isEqualTo(new StateCheck.Outcome(0, 1));
    }

    @Test
    void theRightTotalWithTheWrongTypesIsAMismatch() {
        AccountCounts stored = AccountCounts.NONE.plus("usage.login");
        AccountCounts folded = new AccountCounts(1, Map.of("survey.nps", 1L));

        StateCheck.Outcome outcome = StateCheck.compare(ACCOUNTS, Map.of(),
                Map.of("chaos-0000", AccountCounts.excess(folded, stored)));

        assertThat(outcome).isEqualTo(new StateCheck.Outcome(0, 1));
    }

    @Test
    void aDefectLeftByAnEarlierScenarioIsNotCountedAgain() {
        AccountCounts leftOver = new AccountCounts(1, Map.of("usage_login", 1L));

        StateCheck.Outcome outcome = StateCheck.compare(ACCOUNTS, Map.of("chaos-0000", leftOver), Map.of("chaos-0000", leftOver));

        assertThat(outcome).isEqualTo(new StateCheck.Outcome(0, 0));
    }

    @Test
    void typeNamesCompareInOneSpelling() {
        assertThat(new AccountCounts(2, Map.of("usage.feature_used", 2L)))
                .isEqualTo(new AccountCounts(2, Map.of("usage_feature_used", 2L)));
    }
}

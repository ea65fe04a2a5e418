package io.retentionplatform.nurture.enrollment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

class HoldoutAssignmentTest {

    @Test
    void theHeldOutShareIsCloseToTheConfiguredOneAndStable() {
        long held = IntStream.range(0, 20_000).filter(i -> Holdout.heldOut("check-in", "account-" + i, 0.1)).count();
        assertThat(held / 20_000.0).isCloseTo(0.1, within(0.01));
        for (int i = 0; i < 100; i++) {
            assertThat(Holdout.heldOut("check-in", "account-" + i, 0.1)).isEqualTo(Holdout.heldOut("check-in", "account-" + i, 0.1));
        }
        assertThat(IntStream.range(0, 1000).noneMatch(i -> Holdout.heldOut("check-in", "a" + i, 0))).isTrue();
    }

    @Test
    void cadencesHoldOutDifferentAccounts() {
        long both = IntStream.range(0, 20_000).filter(i -> Holdout.heldOut("one", "account-" + i, 0.1)
                && Holdout.heldOut("two", "account-" + i, 0.1)).count();
        // independent: about 1% of accounts in both control groups, not 10%
        assertThat(both / 20_000.0).isCloseTo(0.01, within(0.005));
    }
}

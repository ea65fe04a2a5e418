package io.retentionplatform.segmentation.quadrant;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class QuadrantTest {

    // seed 000, step 1: usage x contact
    @ParameterizedTest
    @CsvSource({
            "true,  true,  ACTIVE_ADVOCATES,   active_advocates,   Active Advocates",
            "true,  false, SILENT_SATISFIEDS,  silent_satisfieds,  Silent Satisfieds",
            "false, true,  STRUGGLING_NEEDY,   struggling_needy,   Struggling / Needy",
            "false, false, AT_RISK_DISENGAGED, at_risk_disengaged, At-Risk / Disengaged",
    })
    void axesNameTheQuadrant(boolean highUsage, boolean highContact, Quadrant quadrant, String id, String label) {
        assertThat(Quadrant.of(highUsage, highContact)).isEqualTo(quadrant);
        assertThat(quadrant.highUsage()).isEqualTo(highUsage);
        assertThat(quadrant.highContact()).isEqualTo(highContact);
        assertThat(quadrant.id()).isEqualTo(id);
        assertThat(quadrant.segmentId()).isEqualTo("quadrant:" + id);
        assertThat(quadrant.label()).isEqualTo(label);
        assertThat(Quadrant.fromId(id)).contains(quadrant);
        assertThat(Quadrant.fromId("quadrant:" + id)).contains(quadrant);
    }

    @Test
    void unknownIdsAreEmpty() {
        assertThat(Quadrant.fromId("advocates")).isEmpty();
        assertThat(Quadrant.fromId("ACTIVE_ADVOCATES")).isEmpty();
        assertThat(Quadrant.fromId(null)).isEmpty();
    }
}

package io.retentionplatform.segmentation.quadrant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ContactIntensityTest {

    @ParameterizedTest(name = "{0} in, {1} out at {2}/{3}: {4}")
    @CsvSource({
            "0, 0, 1.0, 0.5, 0.0",
            "2, 0, 1.0, 0.5, 2.0",
            "0, 4, 1.0, 0.5, 2.0",
            "3, 1, 1.0, 0.5, 3.5",
            "3, 1, 2.0, 1.0, 7.0",
            "3, 1, 1.0, 1.0, 4.0",
            "3, 5, 1.0, 0.0, 3.0",
    })
    void inboundWeighsAboveOutbound(int inbound, int outbound, double inboundWeight, double outboundWeight,
            double intensity) {
        assertThat(ContactIntensity.of(inbound, outbound, inboundWeight, outboundWeight)).isEqualTo(intensity);
    }

    @Test
    void defaultsAreOneAndAHalf() {
        assertThat(ContactIntensity.of(1, 3)).isEqualTo(2.5);
    }

    @Test
    void rejectsOutboundWeighingMoreThanInbound() {
        assertThatThrownBy(() -> ContactIntensity.of(1, 1, 0.5, 1.0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("outboundWeight");
        assertThatThrownBy(() -> ContactIntensity.of(1, 1, -1, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("inboundWeight");
        assertThatThrownBy(() -> ContactIntensity.of(-1, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("inbound90");
    }

    @Test
    void medianIgnoresNaNAndLeavesTheInputAlone() {
        double[] values = {5, 1, Double.NaN, 3};
        assertThat(Median.of(values)).isEqualTo(3);
        assertThat(values).containsExactly(5, 1, Double.NaN, 3);
        assertThat(Median.of(new double[] {4, 1, 3, 2})).isEqualTo(2.5);
        assertThat(Median.of(new double[0])).isZero();
        assertThat(Median.of(new double[] {Double.NaN})).isZero();
    }
}

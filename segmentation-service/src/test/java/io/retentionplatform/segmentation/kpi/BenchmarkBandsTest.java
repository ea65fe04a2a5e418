package io.retentionplatform.segmentation.kpi;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;

import io.retentionplatform.segmentation.kpi.BenchmarkBands.Verdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BenchmarkBandsTest {

    // seed 000: SaaS 85-95%, professional services 70-85%, manufacturing 60-75%; bounds are within
    @ParameterizedTest(name = "{0} at {1}: {2}")
    @CsvSource({
            "SAAS, 0.8499, BELOW",
            "SAAS, 0.85, WITHIN",
            "SAAS, 0.90, WITHIN",
            "SAAS, 0.95, WITHIN",
            "SAAS, 0.9501, ABOVE",
            "PROFESSIONAL_SERVICES, 0.6999, BELOW",
            "PROFESSIONAL_SERVICES, 0.70, WITHIN",
            "PROFESSIONAL_SERVICES, 0.85, WITHIN",
            "PROFESSIONAL_SERVICES, 0.8501, ABOVE",
            "MANUFACTURING, 0.5999, BELOW",
            "MANUFACTURING, 0.60, WITHIN",
            "MANUFACTURING, 0.75, WITHIN",
            "MANUFACTURING, 0.7501, ABOVE",
            "OTHER, 0.90, NO_BENCHMARK",
    })
    void verdictAgainstTheIndustrysBand(Industry industry, String retention, Verdict verdict) {
        assertThat(BenchmarkBands.verdict(industry, new BigDecimal(retention))).isEqualTo(verdict);
    }

    @Test
    void noFigureOrNoIndustryHasNoBenchmark() {
        assertThat(BenchmarkBands.verdict(Industry.SAAS, null)).isEqualTo(Verdict.NO_BENCHMARK);
        assertThat(BenchmarkBands.verdict(null, new BigDecimal("0.9"))).isEqualTo(Verdict.NO_BENCHMARK);
        assertThat(BenchmarkBands.band(Industry.OTHER)).isEmpty();
        assertThat(BenchmarkBands.band(Industry.MANUFACTURING)).get()
                .extracting(BenchmarkBands.Band::low).isEqualTo(new BigDecimal("0.60"));
    }
}

package io.retentionplatform.segmentation.kpi;

import java.math.BigDecimal;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * Seed 000's Dutch B2B retention benchmarks per industry ("B2B Retention Benchmarks Nederland"): SaaS 85-95%,
 * professional services 70-85%, manufacturing 60-75%. The seed gives no band for other industries. The seed does not
 * say which retention it means; compare a yearly figure (a year's logo retention, or the annualised one).
 */
public final class BenchmarkBands {

    /** How a retention figure compares with its industry's band. */
    public enum Verdict {
        BELOW,
        WITHIN,
        ABOVE,
        /** The industry has no band, or there is no retention figure to compare (an empty cohort). */
        NO_BENCHMARK
    }

    /**
     * A band of yearly retention, both bounds included.
     *
     * @param low  the lowest retention within the band
     * @param high the highest retention within the band
     */
    public record Band(BigDecimal low, BigDecimal high) {
    }

    private static final Map<Industry, Band> BANDS = new EnumMap<>(Map.of(
            // seed 000, benchmarks: SaaS 85% - 95%
            Industry.SAAS, new Band(new BigDecimal("0.85"), new BigDecimal("0.95")),
            // seed 000, benchmarks: professional services 70% - 85%
            Industry.PROFESSIONAL_SERVICES, new Band(new BigDecimal("0.70"), new BigDecimal("0.85")),
            // seed 000, benchmarks: manufacturing/industry 60% - 75%
            Industry.MANUFACTURING, new Band(new BigDecimal("0.60"), new BigDecimal("0.75"))));

    private BenchmarkBands() {
    }

    /** The industry's band, empty for {@link Industry#OTHER}. */
    public static Optional<Band> band(Industry industry) {
        return Optional.ofNullable(industry == null ? null : BANDS.get(industry));
    }

    /** Where a yearly retention (a share, 0.85 = 85%) lies against the industry's band; bounds count as within. */
    public static Verdict verdict(Industry industry, BigDecimal retention) {
        Optional<Band> band = band(industry);
        if (band.isEmpty() || retention == null) {
            return Verdict.NO_BENCHMARK;
        }
        if (retention.compareTo(band.get().low()) < 0) {
            return Verdict.BELOW;
        }
        return retention.compareTo(band.get().high()) > 0 ? Verdict.ABOVE : Verdict.WITHIN;
    }
}

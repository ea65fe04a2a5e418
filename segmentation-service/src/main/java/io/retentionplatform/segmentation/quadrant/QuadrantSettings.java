package io.retentionplatform.segmentation.quadrant;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.retentionplatform.segmentation.config.SegmentationConfig;
import io.smallrye.mutiny.Uni;
import org.jboss.logging.Logger;

/**
 * The quadrant thresholds in effect. In absolute mode they are the configured values; in relative mode the configured
 * multipliers of the portfolio's medians (usage and contact intensity of the scored accounts), recomputed regularly.
 */
@ApplicationScoped
public class QuadrantSettings {

    private static final Logger LOG = Logger.getLogger(QuadrantSettings.class);

    private final SegmentationConfig.Quadrants config;
    private final QuadrantThresholds thresholds;
    private volatile double usageMedian;
    private volatile double contactMedian;

    public QuadrantSettings(SegmentationConfig config) {
        this.config = config.quadrant();
        this.thresholds = new QuadrantThresholds(
                "relative".equalsIgnoreCase(this.config.mode()) ? QuadrantThresholds.Mode.RELATIVE_TO_MEDIAN
                        : QuadrantThresholds.Mode.ABSOLUTE,
                this.config.usageThreshold(), this.config.contactThreshold(), this.config.usageHysteresis(),
                this.config.contactHysteresis());
    }

    public AbsoluteThresholds current() {
        return thresholds.resolve(usageMedian, contactMedian, new ContactWeights(config.inboundWeight(), config.outboundWeight()));
    }




    public double contactIntensity(Integer inbound90, Integer outbound90) {
        return ContactIntensity.of(inbound90 == null ? 0 : inbound90, outbound90 == null ? 0 : outbound90,
                config.inboundWeight(), config.outboundWeight());
    }



    @Scheduled(every = "${segmentation.quadrant.median-refresh}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> refreshMedians() {
        if (thresholds.mode() != QuadrantThresholds.Mode.RELATIVE_TO_MEDIAN) {
            return Uni.createFrom().voidItem();
        }
        return Panache.withSession(() -> Panache.getSession().chain(session -> session.createNativeQuery(
                        "SELECT COALESCE(percentile_cont(0.5) WITHIN GROUP (ORDER BY adoption), 0), "
                                + "COALESCE(percentile_cont(0.5) WITHIN GROUP (ORDER BY contact_intensity), 0) "
                                + "FROM account WHERE score_computed_at IS NOT NULL AND active", Object[].class)
                .getSingleResult()))
                .invoke(row -> {
                    usageMedian = ((Number) row[0]).doubleValue();
                    contactMedian = ((Number) row[1]).doubleValue();
                    LOG.debugf("Quadrant medians: usage %.1f, contact %.2f", usageMedian, contactMedian);
                })
                .replaceWithVoid();
    }
}

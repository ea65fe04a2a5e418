package io.retentionplatform.segmentation.membership;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.retentionplatform.contracts.SegmentChangeMessage;
import io.retentionplatform.segmentation.quadrant.Quadrant;
import io.retentionplatform.segmentation.quadrant.AbsoluteThresholds;
import io.retentionplatform.segmentation.quadrant.Placement;
import io.retentionplatform.segmentation.quadrant.QuadrantClassifier;
import io.retentionplatform.segmentation.rule.AccountFacts;
import io.retentionplatform.segmentation.segment.CompiledSegment;

/**
 * Decides, for one account, its quadrant and which built-in and rule segments it belongs to, and returns the
 * difference with what it is in now. Plain Java: the same decision serves a single score change and a re-evaluation
 * of the whole portfolio.
 */
public final class SegmentDecider {

    /** Built-in segments from scoring's flags. Seed 000: the most satisfied-looking customers are the blind spot. */
    public static final String SATISFACTION_TRAP = "flag:satisfaction_trap";
    public static final String PREMIUM_PAYS_BASIC_USE = "flag:premium_pays_basic_use";

    /**
     * The account as far as the decision needs it.
     *
     * @param facts          the fields rules can read, given the account's (new) quadrant
     * @param scored         whether the account is placed at all: it has a health score and is a customer (a churned
     *                       account leaves its quadrant)
     * @param usage          the usage axis (adoption component 0-100)
     * @param contact        the communication axis (weighted contact intensity over 90 days)
     * @param currentQuadrant the quadrant now, null if none
     * @param currentSegments the ids of the quadrant, flag and rule segments it is in now
     */
    public record Subject(java.util.function.Function<Quadrant, AccountFacts> facts, boolean scored, double usage, double contact, Quadrant currentQuadrant,
            Set<String> currentSegments) {
    }

    /** The outcome: the new quadrant (with its reason) and the changes to apply, in a stable order. */
    public record Decision(Quadrant quadrant, String quadrantReason, boolean quadrantChanged, List<MembershipChange> changes) {
    }

    public Decision decide(Subject subject, AbsoluteThresholds thresholds, List<CompiledSegment> rules,
            LocalDate today) {
        List<MembershipChange> changes = new ArrayList<>();
        Quadrant quadrant = subject.currentQuadrant();
        String quadrantReason = null;
        boolean quadrantChanged = false;
        if (!subject.scored() && subject.currentQuadrant() != null) {
            // No longer placed (a churned customer): it leaves its quadrant.
            quadrantChanged = true;
            quadrant = null;
            quadrantReason = "no longer an active customer";
            changes.add(new MembershipChange(subject.currentQuadrant().segmentId(), SegmentChangeMessage.KIND_QUADRANT, false,
                    quadrantReason, null, subject.currentQuadrant().id(), null));
        } else if (subject.scored()) {
            Placement placement = QuadrantClassifier.classify(subject.usage(), subject.contact(), thresholds,
                    subject.currentQuadrant());
            quadrantReason = placement.reason();
            if (placement.quadrant() != subject.currentQuadrant()) {
                quadrantChanged = true;
                quadrant = placement.quadrant();
                String from = subject.currentQuadrant() == null ? null : subject.currentQuadrant().id();
                if (subject.currentQuadrant() != null) {
                    changes.add(new MembershipChange(subject.currentQuadrant().segmentId(), SegmentChangeMessage.KIND_QUADRANT,
                            false, placement.reason(), null, from, quadrant.id()));
                }
                changes.add(new MembershipChange(quadrant.segmentId(), SegmentChangeMessage.KIND_QUADRANT, true,
                        placement.reason(), null, from, quadrant.id()));
            }
        }
        AccountFacts facts = subject.facts().apply(quadrant); // rules see the quadrant just decided
        flag(changes, subject.currentSegments(), SATISFACTION_TRAP, Boolean.TRUE.equals(facts.satisfactionTrap()),
                "satisfaction trap: NPS 7 or more, no human contact in 90 days and falling usage",
                "no longer a satisfaction trap");
        flag(changes, subject.currentSegments(), PREMIUM_PAYS_BASIC_USE, Boolean.TRUE.equals(facts.premiumPaysBasicUse()),
                "pays for a premium tier but uses only basic features (a churn candidate at renewal)",
                "uses premium features now, or no longer on a premium tier");
        for (CompiledSegment rule : rules) {
            boolean member = subject.currentSegments().contains(rule.segmentId());
            boolean matches = rule.rule().matches(facts, today);
            if (matches != member) {
                changes.add(new MembershipChange(rule.segmentId(), SegmentChangeMessage.KIND_RULE, matches,
                        (matches ? "matches " : "no longer matches ") + rule.description() + " (version " + rule.version() + ")",
                        rule.version(), null, null));
            }
        }
        // A rule segment that was deleted: its members leave it.
        Set<String> defined = new java.util.HashSet<>();
        rules.forEach(rule -> defined.add(rule.segmentId()));
        subject.currentSegments().stream().filter(s -> s.startsWith("rule:") && !defined.contains(s)).sorted()
                .forEach(s -> changes.add(new MembershipChange(s, SegmentChangeMessage.KIND_RULE, false,
                        "the segment was deleted", null, null, null)));
        return new Decision(quadrant, quadrantReason, quadrantChanged, changes);
    }

    private static void flag(List<MembershipChange> changes, Set<String> current, String segment, boolean on, String enterReason,
            String leaveReason) {
        boolean member = current.contains(segment);
        if (on != member) {
            changes.add(new MembershipChange(segment, SegmentChangeMessage.KIND_FLAG, on, on ? enterReason : leaveReason, null,
                    null, null));
        }
    }
}

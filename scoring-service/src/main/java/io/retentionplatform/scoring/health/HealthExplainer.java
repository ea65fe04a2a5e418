package io.retentionplatform.scoring.health;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/** Writes the {@link Explanation} of a score against the one before it. Plain Java. */
public final class HealthExplainer {

    private record Figure(String label, Function<SignalSummary, Integer> value) {
    }

    private static final List<Figure> ADOPTION = List.of(
            new Figure("active days in 30 days", SignalSummary::activeDays),
            new Figure("features used in 30 days", SignalSummary::featuresUsed));
    private static final List<Figure> SUPPORT = List.of(
            new Figure("open tickets", SignalSummary::openTickets),
            new Figure("tickets opened in 30 days", SignalSummary::ticketsOpened),
            new Figure("high-severity tickets in 30 days", SignalSummary::highSeverityTickets));
    private static final List<Figure> ENGAGEMENT = List.of(
            new Figure("inbound contacts in 90 days", SignalSummary::inboundContacts90),
            new Figure("outbound contacts in 90 days", SignalSummary::outboundContacts90),
            new Figure("advocacy acts in 90 days", SignalSummary::advocacyActs90),
            new Figure("marketing touches in 90 days", SignalSummary::marketingTouches90));
    private static final List<Figure> SURVEY = List.of(new Figure("latest NPS", SignalSummary::lastNps));

    public Explanation explain(HealthAssessment previous, HealthAssessment current) {
        List<Explanation.ComponentExplanation> components = new ArrayList<>();
        List<String> changes = new ArrayList<>();
        for (Component component : Component.values()) {
            double weight = current.weights().getOrDefault(component, 0.0);
            boolean present = current.components().containsKey(component);
            if (!present && (previous == null || !previous.components().containsKey(component))) {
                continue;
            }
            int value = current.component(component);
            Integer change = previous == null ? null : value - previous.component(component);
            List<String> reasons = previous == null ? List.of() : reasons(figures(component), previous.summary(), current.summary());
            if (change != null && change != 0) {
                String because = reasons.isEmpty() ? "older signals count less as time passes" : String.join(", ", reasons);
                changes.add(component.label() + ": " + signed(change) + " (" + because + ")");
            }
            components.add(new Explanation.ComponentExplanation(component.label(), value, round(weight),
                    round(weight * value), change, reasons));
        }
        if (previous != null && previous.modelVersion() != current.modelVersion()) {
            changes.add("model changed: v" + previous.modelVersion() + " -> v" + current.modelVersion());
        }
        return new Explanation(summary(previous, current, changes), components, changes, flags(current));
    }

    private static String summary(HealthAssessment previous, HealthAssessment current, List<String> changes) {
        String head = "Health " + current.score() + " (" + current.band() + ")";
        if (previous == null) {
            return head + ", first score";
        }
        int delta = current.score() - previous.score();
        String movement = delta == 0 ? ", unchanged" : (delta > 0 ? ", up " : ", down ") + Math.abs(delta) + " from " + previous.score();
        return changes.isEmpty() ? head + movement : head + movement + ": " + String.join("; ", changes);
    }

    private static List<String> flags(HealthAssessment current) {
        List<String> flags = new ArrayList<>();
        SignalSummary s = current.summary();
        if (current.satisfactionTrap()) {
            flags.add("satisfaction trap: NPS " + s.lastNps() + " but "
                    + (s.daysSinceHumanContact() == null ? "no human contact ever" : "no human contact for " + s.daysSinceHumanContact() + " days")
                    + " and usage falling (active days " + s.activeDaysPreviousPeriod() + " -> " + s.activeDays() + ")");
        }
        ValueRealization value = current.valueRealization();
        if (value.premiumPaysBasicUse()) {
            flags.add("pays for " + value.planTier() + " but used none of its premium features in 90 days ("
                    + String.join(", ", value.unusedPremiumFeatures()) + "): churn candidate at renewal");
        }
        return flags;
    }

    private static List<String> reasons(List<Figure> figures, SignalSummary before, SignalSummary after) {
        List<String> reasons = new ArrayList<>();
        for (Figure figure : figures) {
            Integer was = figure.value().apply(before);
            Integer is = figure.value().apply(after);
            if (!Objects.equals(was, is)) {
                reasons.add(figure.label() + " " + (was == null ? "none" : was) + " -> " + (is == null ? "none" : is));
            }
        }
        return reasons;
    }

    private static List<Figure> figures(Component component) {
        return switch (component) {
            case ADOPTION -> ADOPTION;
            case SUPPORT -> SUPPORT;
            case ENGAGEMENT -> ENGAGEMENT;
            case SURVEY -> SURVEY;
        };
    }

    private static String signed(int value) {
        return value > 0 ? "+" + value : Integer.toString(value);
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }
}

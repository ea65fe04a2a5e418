package io.retentionplatform.scoring.health;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Writes the {@link Explanation} of a score against the one before it. A change is explained in points of the score:
 * each component's share is the change of its contribution (weight x value, so a change of weight counts too, as when
 * the survey appears and the others' weights shrink), rounded so that the shares add up to the score's change. Plain
 * Java.
 */
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
    private static final double SAME_WEIGHT = 1e-9;

    public Explanation explain(HealthAssessment previous, HealthAssessment current) {
        List<Component> shown = new ArrayList<>();
        Map<Component, Double> exact = new EnumMap<>(Component.class);
        for (Component component : Component.values()) {
            if (current.components().containsKey(component)
                    || (previous != null && previous.components().containsKey(component))) {
                shown.add(component);
                exact.put(component, current.contribution(component) - (previous == null ? 0 : previous.contribution(component)));
            }
        }
        Map<Component, Integer> points = previous == null ? Map.of()
                : apportion(exact, current.score() - previous.score());

        List<Explanation.ComponentExplanation> components = new ArrayList<>();
        List<Component> moved = new ArrayList<>();
        Map<Component, String> lines = new EnumMap<>(Component.class);
        for (Component component : shown) {
            double weight = current.weights().getOrDefault(component, 0.0);
            int value = current.component(component);
            Integer change = null;
            List<String> reasons = List.of();
            if (previous != null) {
                boolean inBoth = current.components().containsKey(component) && previous.components().containsKey(component);
                change = inBoth ? value - previous.component(component) : null;
                reasons = reasons(component, previous, current);
                int share = points.get(component);
                boolean valueMoved = previous.component(component) != value
                        || current.components().containsKey(component) != previous.components().containsKey(component);
                if (share != 0 || valueMoved || weightChanged(component, previous, current)) {
                    moved.add(component);
                    lines.put(component, component.label() + ": " + points(share)
                            + (reasons.isEmpty() ? "" : " (" + String.join(", ", reasons) + ")"));
                }
            }
            components.add(new Explanation.ComponentExplanation(component.label(), value, round(weight),
                    round(weight * value), change, previous == null ? null : points.get(component), reasons));
        }
        // The biggest movers first.
        moved.sort(Comparator.comparingInt((Component c) -> -Math.abs(points.get(c)))
                .thenComparingDouble(c -> -Math.abs(exact.get(c))));
        List<String> changes = new ArrayList<>(moved.stream().map(lines::get).toList());
        if (previous != null && previous.modelVersion() != current.modelVersion()) {
            changes.add("model changed: v" + previous.modelVersion() + " -> v" + current.modelVersion());
        }
        return new Explanation(summary(previous, current, changes), components, changes, flags(current));
    }

    /**
     * Whole points per component adding up to exactly {@code total}: each share rounded, then the shares furthest from
     * their exact value moved by one point until they add up (the score itself is rounded, so {@code total} may differ
     * from the sum of the exact shares by up to a point).
     */
    static Map<Component, Integer> apportion(Map<Component, Double> exact, int total) {
        Map<Component, Integer> points = new EnumMap<>(Component.class);
        exact.forEach((component, share) -> points.put(component, (int) Math.round(share)));
        int missing = total - points.values().stream().mapToInt(Integer::intValue).sum();
        while (missing != 0 && !points.isEmpty()) {
            int step = Integer.signum(missing);
            // Raise the share rounded down the most (or lower the one rounded up the most); ties in component order.
            Component next = points.keySet().stream()
                    .max(Comparator.comparingDouble(c -> step * (exact.get(c) - points.get(c))))
                    .orElseThrow();
            points.merge(next, step, Integer::sum);
            missing -= step;
        }
        return points;
    }

    private static boolean weightChanged(Component component, HealthAssessment previous, HealthAssessment current) {
        return Math.abs(previous.weights().getOrDefault(component, 0.0) - current.weights().getOrDefault(component, 0.0))
                > SAME_WEIGHT;
    }

    /** The value's move with the signals behind it, and a change of weight with its cause. */
    private static List<String> reasons(Component component, HealthAssessment previous, HealthAssessment current) {
        List<String> reasons = new ArrayList<>();
        boolean was = previous.components().containsKey(component);
        boolean is = current.components().containsKey(component);
        List<String> signals = signals(figures(component), previous.summary(), current.summary());
        if (was && is && previous.component(component) != current.component(component)) {
            reasons.add("value " + previous.component(component) + " -> " + current.component(component) + ": "
                    + (signals.isEmpty() ? "older signals count less as time passes" : String.join(", ", signals)));
        } else if (was != is) {
            reasons.add((is ? "counts now, value " + current.component(component) : "no longer counts")
                    + (signals.isEmpty() ? "" : ": " + String.join(", ", signals)));
        } else {
            reasons.addAll(signals);
        }
        if (was && is && weightChanged(component, previous, current)) {
            String cause = previous.modelVersion() != current.modelVersion() ? "the model changed"
                    : current.components().containsKey(Component.SURVEY) ? "the survey counts now"
                    : "the survey no longer counts";
            reasons.add("weight " + round(previous.weights().get(component)) + " -> " + round(current.weights().get(component))
                    + " (" + cause + ")");
        }
        return reasons;
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

    private static List<String> signals(List<Figure> figures, SignalSummary before, SignalSummary after) {
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

    private static String points(int points) {
        String signed = points > 0 ? "+" + points : Integer.toString(points);
        return signed + (Math.abs(points) == 1 ? " point" : " points");
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }
}

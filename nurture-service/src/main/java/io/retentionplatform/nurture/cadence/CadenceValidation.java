package io.retentionplatform.nurture.cadence;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import io.retentionplatform.support.problem.InvalidInput;
import io.retentionplatform.support.problem.InvalidInput.Violation;

/** Checks a {@link CadenceInput} and turns it into a {@link CadenceDefinition}, naming every field at fault. */
public final class CadenceValidation {

    /** Silent accounts (seed 000): the Silent Satisfieds quadrant and any silent-audit pilot. */
    static final List<String> SILENT_TRIGGERS = List.of("quadrant:silent_satisfieds", "audit-pilot:*");
    public static final Pattern CADENCE_ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");
    private static final Pattern TRIGGER = Pattern.compile("[a-z][a-z_-]*:([A-Za-z0-9_.:-]*\\*?)");
    private static final int MAX_STEPS = 20;
    private static final Duration MAX_WAIT = Duration.ofDays(365);

    private CadenceValidation() {
    }

    /** Whether a trigger enrolls silent accounts: the Silent Satisfieds quadrant or a silent-audit pilot. */
    public static boolean silent(String trigger) {
        return SILENT_TRIGGERS.contains(trigger) || trigger.startsWith("audit-pilot:");
    }

    public static void checkId(String id) {
        if (id == null || !CADENCE_ID.matcher(id).matches()) {
            throw InvalidInput.field("cadenceId", "lower-case letters, digits and '-', 1 to 64 characters, starting with a letter or digit");
        }
    }

    public static CadenceDefinition validate(CadenceInput input) {
        if (input == null) {
            throw InvalidInput.field("body", "a cadence is required");
        }
        List<Violation> violations = new ArrayList<>();
        String name = text(input.name(), "name", 200, true, violations);
        String description = text(input.description(), "description", 2000, false, violations);
        String trigger = input.trigger();
        if (trigger == null || trigger.isBlank()) {
            violations.add(new Violation("trigger", "required: a segment id such as quadrant:silent_satisfieds or rule:<id>, "
                    + "or a prefix ending in * such as audit-pilot:*"));
        } else if (trigger.length() > 128 || !TRIGGER.matcher(trigger).matches()) {
            violations.add(new Violation("trigger", "must be a segment id (kind:name) or a prefix ending in *, at most 128 characters"));
        }
        boolean silent = trigger != null && silent(trigger);
        List<CadenceDefinition.Step> steps = new ArrayList<>();
        if (input.steps() == null || input.steps().isEmpty()) {
            violations.add(new Violation("steps", "at least one step is required"));
        } else if (input.steps().size() > MAX_STEPS) {
            violations.add(new Violation("steps", "at most " + MAX_STEPS + " steps"));
        } else {
            for (int i = 0; i < input.steps().size(); i++) {
                step(input.steps().get(i), "steps[" + i + "]", silent, violations).ifPresent(steps::add);
            }
        }
        Set<ExitCondition> exits = EnumSet.noneOf(ExitCondition.class);
        if (input.exitOn() != null) {
            for (int i = 0; i < input.exitOn().size(); i++) {
                String exit = input.exitOn().get(i);
                int index = i;
                ExitCondition.fromWire(exit).ifPresentOrElse(exits::add, () -> violations.add(new Violation(
                        "exitOn[" + index + "]", "unknown exit condition '" + exit + "'; one of " + ExitCondition.wireNames())));
            }
        }
        Integer healthAbove = input.exitHealthAbove();
        if (exits.contains(ExitCondition.HEALTH_ABOVE) && healthAbove == null) {
            violations.add(new Violation("exitHealthAbove", "required with the exit condition health_above"));
        }
        if (healthAbove != null && (healthAbove < 0 || healthAbove > 100)) {
            violations.add(new Violation("exitHealthAbove", "must be between 0 and 100"));
        }
        double holdout = input.holdoutShare() == null ? 0 : input.holdoutShare();
        if (Double.isNaN(holdout) || holdout < 0 || holdout > 0.5) {
            violations.add(new Violation("holdoutShare", "must be between 0 and 0.5"));
        }
        int window = input.reengagementDays() == null ? 30 : input.reengagementDays();
        if (window < 1 || window > 365) {
            violations.add(new Violation("reengagementDays", "must be between 1 and 365"));
        }
        if (!violations.isEmpty()) {
            throw InvalidInput.of("Invalid cadence", violations);
        }
        return new CadenceDefinition(name, description, trigger, List.copyOf(steps), Set.copyOf(exits), healthAbove, holdout, window);
    }

    private static Optional<CadenceDefinition.Step> step(CadenceInput.StepInput step, String field, boolean silent,
            List<Violation> violations) {
        if (step == null) {
            violations.add(new Violation(field, "a step is required"));
            return Optional.empty();
        }
        int before = violations.size();
        Optional<Channel> channel = Channel.fromWire(step.channel());
        if (channel.isEmpty()) {
            violations.add(new Violation(field + ".channel", (step.channel() == null ? "required" : "unknown channel '" + step.channel() + "'")
                    + "; one of " + Channel.wireNames()));
        }
        Optional<ContentKind> content = ContentKind.fromWire(step.content());
        if (content.isEmpty()) {
            violations.add(new Violation(field + ".content", (step.content() == null ? "required" : "unknown content kind '"
                    + step.content() + "'") + "; one of " + ContentKind.wireNames()));
        } else if (silent && content.get().sales()) {
            violations.add(new Violation(field + ".content", "a cadence for Silent Satisfieds or the silent audit carries no sales "
                    + "content (educational check-ins only): " + content.get().wireName() + " is not allowed"));
        }
        Duration wait = Duration.ZERO;
        if (step.waitFor() != null) {
            try {
                wait = Duration.parse(step.waitFor());
                if (wait.isNegative() || wait.compareTo(MAX_WAIT) > 0) {
                    violations.add(new Violation(field + ".wait", "must be between P0D and P365D"));
                }
            } catch (DateTimeParseException e) {
                violations.add(new Violation(field + ".wait", "must be an ISO-8601 duration such as P3D or PT12H"));
            }
        }
        String title = text(step.title(), field + ".title", 200, false, violations);
        return violations.size() > before ? Optional.empty()
                : Optional.of(new CadenceDefinition.Step(channel.get(), content.get(), wait, title));
    }

    private static String text(String value, String field, int max, boolean required, List<Violation> violations) {
        if (value == null || value.isBlank()) {
            if (required) {
                violations.add(new Violation(field, "required"));
            }
            return null;
        }
        if (value.length() > max) {
            violations.add(new Violation(field, "at most " + max + " characters"));
        }
        return value.strip();
    }
}

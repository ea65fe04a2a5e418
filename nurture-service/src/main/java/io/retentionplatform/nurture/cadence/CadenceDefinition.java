package io.retentionplatform.nurture.cadence;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * One version of a cadence, validated ({@link CadenceValidation}): what enrolls an account, the steps in order, what
 * ends it early, and the share held out as a control group. Stored as JSON per version and never changed.
 *
 * @param name              shown to people
 * @param description       optional
 * @param trigger           the segment id that enrolls an account on entering it ({@code quadrant:silent_satisfieds},
 *                          {@code rule:<id>}), or a prefix ending in {@code *} ({@code audit-pilot:*}: any audit pilot)
 * @param steps             at least one, in order
 * @param exitOn            the exit conditions this cadence honours (a manual stop is always possible)
 * @param exitHealthAbove   for {@link ExitCondition#HEALTH_ABOVE}: the health score above which the account exits
 * @param holdoutShare      0 to 0.5: the share of entering accounts held out as a control group
 * @param reengagementDays  the window after entry in which an inbound contact or positive outcome counts as
 *                          re-engagement (holdout report; seed 000 measures the audit after a month)
 */
public record CadenceDefinition(
        String name,
        String description,
        String trigger,
        List<Step> steps,
        Set<ExitCondition> exitOn,
        Integer exitHealthAbove,
        double holdoutShare,
        int reengagementDays) {

    /**
     * @param channel how it reaches the account
     * @param content what it says
     * @param delay   the wait: the time after the previous step (after entry for the first) before it is due
     * @param title   optional, passed to the marketing tool with the step
     */
    public record Step(Channel channel, ContentKind content, Duration delay, String title) {
    }

    public boolean triggeredBy(String segment) {
        return trigger.endsWith("*") ? segment.startsWith(trigger.substring(0, trigger.length() - 1)) : trigger.equals(segment);
    }

    public boolean exitsOn(ExitCondition condition) {
        return condition == ExitCondition.MANUAL_STOP || exitOn.contains(condition);
    }

    /** Whether this cadence is the nurture flow seed 000 asks of a Silent Satisfied (or silent) account. */
    public boolean nurturesSilentAccounts() {
        return CadenceValidation.silent(trigger);
    }
}

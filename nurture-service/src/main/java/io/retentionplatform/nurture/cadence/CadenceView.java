package io.retentionplatform.nurture.cadence;

import java.time.Instant;
import java.util.List;

/** A cadence as the API shows it: its current version's definition and its state. */
public record CadenceView(
        String cadenceId,
        int version,
        boolean enabled,
        boolean builtIn,
        String name,
        String description,
        String trigger,
        List<CadenceInput.StepInput> steps,
        List<String> exitOn,
        Integer exitHealthAbove,
        double holdoutShare,
        int reengagementDays,
        Instant updatedAt) {

    static CadenceView of(CadenceCatalog.Versioned c) {
        CadenceInput s = c.source();
        return new CadenceView(c.cadenceId(), c.version(), c.enabled(), c.builtIn(), s.name(), s.description(), s.trigger(), s.steps(),
                s.exitOn(), s.exitHealthAbove(), s.holdoutShare() == null ? 0 : s.holdoutShare(),
                s.reengagementDays() == null ? 30 : s.reengagementDays(), c.updatedAt());
    }
}

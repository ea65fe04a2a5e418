package io.retentionplatform.nurture.cadence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkiverse.resteasy.problem.HttpProblem;
import org.junit.jupiter.api.Test;

class CadenceValidationTest {

    private static CadenceInput.StepInput step(String channel, String content, String wait) {
        return new CadenceInput.StepInput(channel, content, wait, null);
    }

    @SuppressWarnings("unchecked")
    private static List<String> fields(Throwable problem) {
        Object violations = ((HttpProblem) problem).getParameters().get("violations");
        return ((List<Map<String, String>>) violations).stream().map(v -> v.get("field")).toList();
    }

    @Test
    void everyFieldAtFaultIsNamed() {
        CadenceInput input = new CadenceInput(" ", null, "not a segment", List.of(step("fax", "educational", "P1D"),
                step("email", "gossip", "three days")), List.of("segment_left", "moon_phase"), null, 0.9, 0, null);
        assertThatThrownBy(() -> CadenceValidation.validate(input)).isInstanceOf(HttpProblem.class)
                .satisfies(p -> assertThat(fields(p)).containsExactlyInAnyOrder("name", "trigger", "steps[0].channel",
                        "steps[1].content", "steps[1].wait", "exitOn[1]", "holdoutShare", "reengagementDays"));
    }

    @Test
    void silentAccountsGetNoSalesContent() {
        for (String trigger : List.of("quadrant:silent_satisfieds", "audit-pilot:*", "audit-pilot:p-1")) {
            CadenceInput input = new CadenceInput("Check-in", null, trigger, List.of(step("email", "educational", "P0D"),
                    step("meeting", "expansion_offer", "P7D")), List.of(), null, null, null, null);
            assertThatThrownBy(() -> CadenceValidation.validate(input)).as(trigger)
                    .satisfies(p -> assertThat(fields(p)).containsExactly("steps[1].content"));
        }
        CadenceInput advocates = new CadenceInput("Expansion", null, "quadrant:active_advocates",
                List.of(step("meeting", "expansion_offer", "P7D")), List.of(), null, null, null, null);
        assertThat(CadenceValidation.validate(advocates).steps().get(0).content()).isEqualTo(ContentKind.EXPANSION_OFFER);
    }

    @Test
    void healthExitNeedsItsBound() {
        CadenceInput input = new CadenceInput("Rescue", null, "quadrant:at_risk_disengaged", List.of(step("call", "check_in", null)),
                List.of("health_above"), null, null, null, null);
        assertThatThrownBy(() -> CadenceValidation.validate(input)).satisfies(p -> assertThat(fields(p)).containsExactly("exitHealthAbove"));
    }

    @Test
    void aValidCadenceReadsBackTyped() {
        CadenceDefinition d = CadenceValidation.validate(new CadenceInput("Rescue", "why", "rule:enterprise-at-risk",
                List.of(step("task", "check_in", null), step("call", "check_in", "P2D")), List.of("health_above"), 70, 0.2, 14, true));
        assertThat(d.steps()).extracting(CadenceDefinition.Step::delay).containsExactly(Duration.ZERO, Duration.ofDays(2));
        assertThat(d.exitsOn(ExitCondition.HEALTH_ABOVE)).isTrue();
        assertThat(d.exitsOn(ExitCondition.MANUAL_STOP)).isTrue();
        assertThat(d.exitsOn(ExitCondition.SEGMENT_LEFT)).isFalse();
        assertThat(d.triggeredBy("rule:enterprise-at-risk")).isTrue();
    }

    @Test
    void theShippedDefaultsAreValid() {
        Map<String, CadenceInput> defaults = DefaultCadences.load(new ObjectMapper());
        assertThat(defaults).containsKeys("silent-satisfied-check-in", "audit-pilot-check-in", "at-risk-rescue", "struggling-support",
                "advocate-advocacy-then-expansion");
        defaults.forEach((id, input) -> CadenceValidation.validate(input));
        assertThat(CadenceValidation.validate(defaults.get("audit-pilot-check-in")).triggeredBy("audit-pilot:2026-q1")).isTrue();
    }
}

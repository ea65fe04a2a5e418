package io.retentionplatform.infra.chaos;

import java.util.List;

/**
 * One scenario's figures, and the reasons it failed (none: it passed).
 *
 * @param deadLettered records added to the dead-letter topic during the scenario
 * @param problems     why the scenario failed besides its counts (a poison record not dead-lettered, a good record
 *                     dead-lettered, a pipeline that never drained)
 */
record ScenarioResult(Scenario scenario, long accepted, long lost, long duplicated, long stateMismatches, long deadLettered,
        List<String> problems) {

    ScenarioResult {
        problems = List.copyOf(problems);
    }

    boolean passed() {
        return lost == 0 && duplicated == 0 && stateMismatches == 0 && problems.isEmpty();
    }

    String line() {
        return "scenario=" + scenario.label() + " accepted=" + accepted + " lost=" + lost + " duplicated=" + duplicated
                + " state_mismatches=" + stateMismatches + " dead_lettered=" + deadLettered;
    }

    /** The campaign's last line: the sums over its scenarios. */
    static String summaryLine(List<ScenarioResult> results) {
        return "chaos_scenarios=" + results.size()
                + " accepted=" + results.stream().mapToLong(ScenarioResult::accepted).sum()
                + " lost=" + results.stream().mapToLong(ScenarioResult::lost).sum()
                + " duplicated=" + results.stream().mapToLong(ScenarioResult::duplicated).sum()
                + " state_mismatches=" + results.stream().mapToLong(ScenarioResult::stateMismatches).sum();
    }
}

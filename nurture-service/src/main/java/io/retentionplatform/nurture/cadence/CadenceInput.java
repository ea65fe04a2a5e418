package io.retentionplatform.nurture.cadence;

import java.util.List;

/** A cadence as written over REST: plain values, checked by {@link CadenceValidation} before anything is stored. */
public record CadenceInput(
        String name,
        String description,
        String trigger,
        List<StepInput> steps,
        List<String> exitOn,
        Integer exitHealthAbove,
        Double holdoutShare,
        Integer reengagementDays,
        Boolean enabled) {

    /** {@code wait} is an ISO-8601 duration: {@code P3D}, {@code PT12H}, {@code P0D}. */
    public record StepInput(String channel, String content, @com.fasterxml.jackson.annotation.JsonProperty("wait") String waitFor,
            String title) {
    }
}

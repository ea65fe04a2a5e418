package io.retentionplatform.scoring.ingest;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * What became of each entry of an ingest request.
 *
 * @param accepted ids of the events Kafka acknowledged
 * @param rejected entries refused, with their index and the fields at fault; nothing of them was published
 * @param skipped  entries that carry no engagement signal (acknowledged, not stored)
 */
public record IngestOutcome(List<String> accepted, List<Rejection> rejected, List<Skip> skipped) {

    /**
     * @param tooLarge the event is valid but larger than one Kafka record may be (413 when it is the request's only one)
     */
    public record Rejection(int index, String id, List<FieldViolation> violations, @JsonIgnore boolean tooLarge) {

        public Rejection(int index, String id, List<FieldViolation> violations) {
            this(index, id, violations, false);
        }
    }

    public record Skip(int index, String id, String reason) {
    }

    /** True when every entry was refused and each only for its size: the request is too large, not invalid. */
    @JsonIgnore
    public boolean onlyTooLarge() {
        return accepted.isEmpty() && !rejected.isEmpty() && rejected.stream().allMatch(Rejection::tooLarge);
    }
}

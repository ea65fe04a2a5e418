package io.retentionplatform.scoring.ingest;

import java.util.List;

/**
 * What became of each entry of an ingest request.
 *
 * @param accepted ids of the events Kafka acknowledged
 * @param rejected entries refused, with their index and the fields at fault; nothing of them was published
 * @param skipped  entries that carry no engagement signal (acknowledged, not stored)
 */
public record IngestOutcome(List<String> accepted, List<Rejection> rejected, List<Skip> skipped) {

    public record Rejection(int index, String id, List<FieldViolation> violations) {
    }

    public record Skip(int index, String id, String reason) {
    }
}

package io.retentionplatform.scoring.ingest;

import java.util.List;

/**
 * One entry of an ingest request after its format was read: an event to validate and publish, an entry already
 * found invalid while reading its format, or one that carries no engagement signal and is skipped.
 *
 * @param index      position in the request (0 for single-event requests)
 * @param submission the event in our own shape, null when rejected or skipped
 * @param violations problems found while reading the format
 * @param skipped    why the entry is skipped (an unmapped Segment event, say), null otherwise
 * @param sourceId   the sender's id for the entry, for the response
 */
public record Candidate(int index, EventSubmission submission, List<FieldViolation> violations, String skipped, String sourceId) {

    public static Candidate event(int index, EventSubmission submission) {
        return new Candidate(index, submission, List.of(), null, submission.id());
    }

    public static Candidate invalid(int index, String sourceId, List<FieldViolation> violations) {
        return new Candidate(index, null, List.copyOf(violations), null, sourceId);
    }

    public static Candidate skip(int index, String sourceId, String reason) {
        return new Candidate(index, null, List.of(), reason, sourceId);
    }
}

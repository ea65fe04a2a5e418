package io.retentionplatform.scoring.ingest;

import java.util.List;

/**
 * One entry of an ingest request after its format was read: an event to validate and publish, an entry already
 * found invalid while reading its format, or one that carries no engagement signal and is skipped.
 *
 * @param index      position in the request (0 for single-event requests)
 * @param submission the event in our own shape, null when it could not be read or is skipped
 * @param fields     where the submission's fields were in the request, to name them in violations
 * @param violations problems found while reading the format (named as the sender wrote them); the submission's own
 *                   checks are added to them
 * @param skipped    why the entry is skipped (an unmapped Segment event, say), null otherwise
 * @param sourceId   the sender's id for the entry, for the response
 */
record Candidate(int index, EventSubmission submission, SenderFields fields, List<FieldViolation> violations,
        String skipped, String sourceId) {

    static Candidate event(int index, EventSubmission submission, SenderFields fields) {
        return event(index, submission, fields, List.of());
    }

    /** An event in which reading its format already found {@code violations}: the event's own checks add theirs. */
    static Candidate event(int index, EventSubmission submission, SenderFields fields, List<FieldViolation> violations) {
        return new Candidate(index, submission, fields, List.copyOf(violations), null, submission.id());
    }

    static Candidate invalid(int index, String sourceId, List<FieldViolation> violations) {
        return new Candidate(index, null, null, List.copyOf(violations), null, sourceId);
    }

    static Candidate skip(int index, String sourceId, String reason) {
        return new Candidate(index, null, null, List.of(), reason, sourceId);
    }
}

package io.retentionplatform.scoring.ingest;

/**
 * How much one event may carry (configured under {@code scoring.ingest}); more is refused with 400 naming the field.
 *
 * @param maxAttributes       attributes per event, besides {@code source} and {@code userId}
 * @param maxValueLength      characters of a text attribute value
 * @param maxNameLength       characters of an attribute name
 */
public record IngestLimits(int maxAttributes, int maxValueLength, int maxNameLength) {

    public static final IngestLimits DEFAULT = new IngestLimits(50, 1000, 100);
}

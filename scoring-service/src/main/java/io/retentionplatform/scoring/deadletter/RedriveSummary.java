package io.retentionplatform.scoring.deadletter;

import java.util.List;

/**
 * What a redrive sent: per partition of the dead-letter topic the records from {@code fromOffset} (inclusive) to
 * {@code toOffset} (exclusive, the new redrive position), each to its original topic.
 */
public record RedriveSummary(String topic, int redriven, List<PartitionRedrive> partitions) {

    public record PartitionRedrive(int partition, long fromOffset, long toOffset, int redriven) {
    }
}

package io.retentionplatform.scoring.deadletter;

import java.util.List;

/**
 * A page of a dead-letter topic, partition after partition, and per partition where the page stopped.
 *
 * @param partitions per partition its offsets and where to continue ({@code nextOffset} as {@code fromOffset})
 */
public record DeadLetterPage(String topic, List<DeadLetter> records, List<PartitionView> partitions) {

    /**
     * @param beginningOffset the oldest record still kept
     * @param endOffset       the offset the next dead letter will get
     * @param nextOffset      the first offset not on this page
     * @param redrivePosition the first offset a redrive would send (every record before it has been redriven or
     *                        was deleted by retention), null when the partition was never redriven
     */
    public record PartitionView(int partition, long beginningOffset, long endOffset, long nextOffset, Long redrivePosition) {
    }
}

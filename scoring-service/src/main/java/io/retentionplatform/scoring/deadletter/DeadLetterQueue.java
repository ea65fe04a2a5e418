package io.retentionplatform.scoring.deadletter;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import io.retentionplatform.contracts.Topics;

/**
 * The dead-letter topics scoring-service writes to (one per incoming channel, see application.properties), each
 * with the topic its records came from. Nothing else can be listed or redriven through this service.
 */
public enum DeadLetterQueue {

    ENGAGEMENT_EVENTS(Topics.ENGAGEMENT_EVENTS_DLQ, Topics.ENGAGEMENT_EVENTS),
    ACCOUNT_CHANGES(Topics.ACCOUNT_CHANGES_DLQ, Topics.ACCOUNT_CHANGES),
    ERASURE_REQUESTS(Topics.ERASURE_REQUESTS_DLQ, Topics.ERASURE_REQUESTS),
    ERASURE_CONFIRMATIONS(Topics.ERASURE_CONFIRMATIONS_DLQ, Topics.ERASURE_CONFIRMATIONS);

    private final String topic;
    private final String source;

    DeadLetterQueue(String topic, String source) {
        this.topic = topic;
        this.source = source;
    }

    public String topic() {
        return topic;
    }

    public static Optional<DeadLetterQueue> named(String topic) {
        return Arrays.stream(values()).filter(queue -> queue.topic.equals(topic)).findFirst();
    }

    public static List<String> names() {
        return Arrays.stream(values()).map(DeadLetterQueue::topic).toList();
    }

    /**
     * Where a record goes back to: the topic its {@code dead-letter-topic} header names if that is one scoring
     * consumes (a header can be written by anyone who can write to the topic: never a topic the service does not
     * read), else the topic this queue belongs to.
     */
    public String destination(String deadLetterTopicHeader) {
        boolean consumed = Arrays.stream(values()).anyMatch(queue -> queue.source.equals(deadLetterTopicHeader));
        return consumed ? deadLetterTopicHeader : source;
    }
}

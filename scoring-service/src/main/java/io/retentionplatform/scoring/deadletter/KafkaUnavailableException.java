package io.retentionplatform.scoring.deadletter;

/** Kafka did not answer within the configured timeout (or refused the call): the caller may try again later. */
public class KafkaUnavailableException extends RuntimeException {

    public KafkaUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}

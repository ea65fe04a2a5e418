package io.retentionplatform.scoring.deadletter;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Reading and redriving dead letters, prefix {@code scoring.dead-letters}. */
@ConfigMapping(prefix = "scoring.dead-letters")
public interface DeadLetterSettings {

    /** How long one Kafka call (metadata, offsets, a send's ack) may take before Kafka counts as unreachable. */
    @WithDefault("3S")
    Duration kafkaTimeout();

    /** The Retry-After of a 503 answered because Kafka was unreachable. */
    @WithDefault("10S")
    Duration retryAfter();

    /** A record's value is shown up to this many characters. */
    @WithDefault("65536")
    int maxValueChars();
}

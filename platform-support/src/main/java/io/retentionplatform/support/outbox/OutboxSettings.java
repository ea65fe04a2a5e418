package io.retentionplatform.support.outbox;

import java.time.Duration;

/** A service's outbox settings; its config mapping's {@code outbox} group extends this. */
public interface OutboxSettings {

    /** Off on an instance that should not publish (any instance may: the relay is single-flight). */
    boolean relayEnabled();

    /** Messages per relay batch (one transaction). */
    int batchSize();

    /** How long published messages are kept for inspection. */
    Duration keepPublished();
}

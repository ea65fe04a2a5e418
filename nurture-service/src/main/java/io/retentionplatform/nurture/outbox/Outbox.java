package io.retentionplatform.nurture.outbox;

import java.time.Clock;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.retentionplatform.support.outbox.OutboxWriter;

/**
 * This service's transactional outbox (see {@link OutboxWriter}): call {@link #addAll} inside the transaction that makes
 * the change; {@link OutboxRelay} publishes the messages shortly after the commit.
 */
@ApplicationScoped
public class Outbox extends OutboxWriter {

    private OutboxRelay relay;

    public Outbox(ObjectMapper json, Clock clock, OutboxRelay relay) {
        super(json, clock);
        this.relay = relay;
    }

    @Override
    protected void written() {
        relay.wakeUpAfterCommit();
    }
}

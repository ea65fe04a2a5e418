package io.retentionplatform.nurture.webhook;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;

/** The tests' {@link OutcomeSink}: keeps what it was handed, or fails when told to. */
@ApplicationScoped
public class RecordingOutcomeSink implements OutcomeSink {

    private final List<InboundOutcome> received = new CopyOnWriteArrayList<>();
    private volatile boolean failing;

    @Override
    public Uni<Void> accept(InboundOutcome outcome) {
        if (failing) {
            return Uni.createFrom().failure(new IllegalStateException("sink down"));
        }
        received.add(outcome);
        return Uni.createFrom().voidItem();
    }

    public List<InboundOutcome> received() {
        return List.copyOf(received);
    }

    public void failing(boolean failing) {
        this.failing = failing;
    }
}

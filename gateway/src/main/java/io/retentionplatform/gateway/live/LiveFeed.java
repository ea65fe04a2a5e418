package io.retentionplatform.gateway.live;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

import io.micrometer.core.instrument.Metrics;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;

/**
 * One live feed (health scores, segment changes or eligibility changes) fanned out to every subscriber. Each
 * subscriber has its own demand: a change that arrives while a subscriber has not yet taken the previous one is
 * dropped for that subscriber alone (counted in {@code gateway_live_dropped_total}) instead of slowing the feed for
 * the others or queueing without bound in the gateway. A change is a notification, never the only copy: the account's current
 * state is always one query away.
 */
public final class LiveFeed<T> {

    private final String name;
    private final BroadcastProcessor<T> processor = BroadcastProcessor.create();
    private final AtomicLong published = new AtomicLong();

    public LiveFeed(String name) {
        this.name = name;
    }

    public void publish(T item) {
        published.incrementAndGet();
        processor.onNext(item);
    }

    public long published() {
        return published.get();
    }

    /** The feed from now on, filtered; what this subscriber cannot take yet is dropped for it. */
    public Multi<T> subscribe(Predicate<T> filter) {
        return processor.select().where(filter)
                .onOverflow().invoke(dropped -> Metrics.counter("gateway.live.dropped", "feed", name).increment()).drop();
    }
}

package io.retentionplatform.infra.bench;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.InsertManyOptions;

/**
 * Unordered bulk inserts into one collection from a fixed number of writer threads, each sending one batch at a time:
 * the shape of scoring-service's store (three consumers, each storing its batch of events with one unordered
 * {@code insertMany}). A failed batch fails the whole run.
 */
final class ParallelInserts<T> implements AutoCloseable {

    private static final InsertManyOptions UNORDERED = new InsertManyOptions().ordered(false);

    private final MongoCollection<T> collection;
    private final ExecutorService writers;
    /** One batch in flight per writer, one more waiting each: the producer never runs far ahead. */
    private final Semaphore slots;
    private final AtomicLong inserted = new AtomicLong();
    private final AtomicReference<RuntimeException> failure = new AtomicReference<>();

    ParallelInserts(MongoCollection<T> collection, int writerCount) {
        this.collection = collection;
        this.writers = Executors.newFixedThreadPool(writerCount);
        this.slots = new Semaphore(writerCount * 2);
    }

    /** Queues one batch (the list is not copied); blocks while every writer is busy and one batch waits for each. */
    void submit(List<T> batch) throws InterruptedException {
        rethrow();
        slots.acquire();
        writers.execute(() -> {
            try {
                if (failure.get() == null) {
                    collection.insertMany(batch, UNORDERED);
                    inserted.addAndGet(batch.size());
                }
            } catch (RuntimeException e) {
                failure.compareAndSet(null, e);
            } finally {
                slots.release();
            }
        });
    }

    /** Waits for every queued batch; the number of documents inserted. */
    long finish() throws InterruptedException {
        writers.shutdown();
        if (!writers.awaitTermination(1, TimeUnit.HOURS)) {
            throw new IllegalStateException("Inserts into " + collection.getNamespace() + " did not finish in an hour");
        }
        rethrow();
        return inserted.get();
    }

    long inserted() {
        return inserted.get();
    }

    private void rethrow() {
        RuntimeException e = failure.get();
        if (e != null) {
            throw new IllegalStateException("Bulk insert into " + collection.getNamespace() + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        writers.shutdownNow();
    }
}

package io.retentionplatform.infra;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

import de.bwaldvogel.mongo.exception.MongoServerException;
import org.h2.mvstore.MVStore;

/**
 * Makes the wire server's acknowledged writes durable: a write command answers only after an MVStore commit that
 * contains it has been written and forced to disk. One committer thread serves every waiting writer with a single
 * commit and a single {@code FileChannel.force} (group commit), so concurrent writers share the cost of the sync.
 * <p>
 * Commands run under the shared side of a read-write lock and the committer takes the exclusive side for the commit
 * alone: a commit never falls in the middle of a command, so every version on disk holds whole commands (a document,
 * its index entries and its collection's size together). The sync runs outside the lock, while the next commands
 * execute. Written here because neither mongo-java-server nor H2 offers a group commit over an MVStore.
 */
final class GroupCommit implements AutoCloseable {

    private static final long COMPACTION_INTERVAL_NANOS = 1_000_000_000L;
    private static final int COMPACTION_TARGET_FILL_RATE = 90;
    private static final int COMPACTION_WRITE_LIMIT_BYTES = 4 * 1024 * 1024;

    private final MVStore store;
    private final boolean forceToDisk;
    private final ReentrantReadWriteLock commandLock = new ReentrantReadWriteLock();
    /** Write commands finished so far; a write's ticket is its place in this sequence. */
    private final AtomicLong finishedWrites = new AtomicLong();
    private final Object monitor = new Object();
    private final Thread committer;
    /** Only the committer thread reads and writes it. */
    private long lastCompaction = System.nanoTime();

    // guarded by monitor
    private long durableWrites;
    private long commits;
    private MongoServerException failure;
    private boolean closing;
    private boolean stopped;

    /**
     * @param store       opened with auto-commit disabled: only this committer commits
     * @param forceToDisk whether each commit is also forced to disk (an operating-system crash), or only written
     *                    (a crash of this process)
     */
    GroupCommit(MVStore store, boolean forceToDisk) {
        this.store = store;
        this.forceToDisk = forceToDisk;
        this.committer = new Thread(this::commitWhileOpen, "mongo-group-commit");
        committer.setDaemon(true);
        committer.start();
    }

    /** Runs a command that may change the store and returns its answer once the change is durable. */
    <T> T write(Supplier<T> command) {
        long ticket;
        commandLock.readLock().lock();
        try {
            return command.get();
        } finally {
            // Taken before the lock is released, so the next commit (which waits for the lock) includes this write.
            ticket = finishedWrites.incrementAndGet();
            commandLock.readLock().unlock();
            // A failed command may have changed some documents (an insert of many that stopped half-way): wait too.
            awaitDurable(ticket);
        }
    }

    /** Commits made so far (a commit makes every write finished before it durable). */
    long commits() {
        synchronized (monitor) {
            return commits;
        }
    }

    private void awaitDurable(long ticket) {
        boolean interrupted = false;
        synchronized (monitor) {
            monitor.notifyAll();
            while (durableWrites < ticket) {
                if (failure != null) {
                    throw failure;
                }
                if (stopped) {
                    throw new MongoServerException("The MongoDB store is closing: this write may not be durable");
                }
                try {
                    monitor.wait();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void commitWhileOpen() {
        while (true) {
            synchronized (monitor) {
                while (finishedWrites.get() <= durableWrites && !closing) {
                    try {
                        monitor.wait();
                    } catch (InterruptedException e) {
                        closing = true;
                    }
                }
                if (finishedWrites.get() <= durableWrites) {
                    stopped = true;
                    monitor.notifyAll();
                    return;
                }
            }
            try {
                long upTo;
                long version;
                commandLock.writeLock().lock();
                try {
                    upTo = finishedWrites.get();
                    compactNowAndThen();
                    version = store.commit();
                } finally {
                    commandLock.writeLock().unlock();
                }
                // Nothing new to write (a write that changed nothing): the last commit was forced already.
                if (forceToDisk && version >= 0) {
                    store.sync();
                }
                synchronized (monitor) {
                    durableWrites = upTo;
                    commits++;
                    monitor.notifyAll();
                }
            } catch (RuntimeException e) {
                synchronized (monitor) {
                    failure = new MongoServerException("The MongoDB store could not be written (" + e
                            + "): writes are not durable; restart the local infrastructure", e);
                    stopped = true;
                    monitor.notifyAll();
                }
                return;
            }
        }
    }

    /**
     * MVStore's background thread, off here, also rewrote the live pages of mostly dead chunks so their space could
     * be reused; without it a store taking many small commits grows without bound. Done here at most once a second,
     * with a bounded amount of rewriting, in the next commit (the pages keep their content, so no command is split).
     */
    private void compactNowAndThen() {
        long now = System.nanoTime();
        if (now - lastCompaction >= COMPACTION_INTERVAL_NANOS) {
            lastCompaction = now;
            store.compact(COMPACTION_TARGET_FILL_RATE, COMPACTION_WRITE_LIMIT_BYTES);
        }
    }

    /** Commits what is pending and stops the committer; writes still waiting get their answer first. */
    @Override
    public void close() {
        synchronized (monitor) {
            closing = true;
            monitor.notifyAll();
        }
        try {
            committer.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package io.retentionplatform.scoring.scoring;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import io.smallrye.mutiny.Uni;

/**
 * Runs the updates of one account one after the other (an asynchronous mutex per account id), so that on one
 * instance a batch of live events, a replay chunk, the daily rescore and an erasure never interleave on the same
 * account. Different accounts run in parallel. Across instances the conditional writes of the state store decide.
 */
final class PerAccountSequencer {

    private final ConcurrentHashMap<String, CompletableFuture<Void>> tails = new ConcurrentHashMap<>();

    <T> Uni<T> run(String accountId, Supplier<Uni<T>> work) {
        return runAll(List.of(accountId), work);
    }

    /**
     * Runs {@code work} when it holds the turn of every account in {@code accountIds}. Turns are taken under one lock,
     * so that two callers waiting for overlapping accounts queue in the same order on each (no deadlock).
     */
    <T> Uni<T> runAll(Collection<String> accountIds, Supplier<Uni<T>> work) {
        return Uni.createFrom().deferred(() -> {
            CompletableFuture<Void> mine = new CompletableFuture<>();
            List<CompletableFuture<Void>> previous = new ArrayList<>();
            synchronized (this) {
                for (String id : accountIds) {
                    CompletableFuture<Void> before = tails.put(id, mine);
                    if (before != null) {
                        previous.add(before);
                    }
                }
            }
            Uni<Void> turn = previous.isEmpty() ? Uni.createFrom().voidItem()
                    : Uni.createFrom().completionStage(CompletableFuture.allOf(previous.toArray(CompletableFuture[]::new)))
                            .replaceWithVoid();
            return turn.onFailure().recoverWithNull()
                    .chain(work::get)
                    .onTermination().invoke(() -> {
                        for (String id : accountIds) {
                            tails.remove(id, mine);
                        }
                        mine.complete(null);
                    });
        });
    }
}

package io.retentionplatform.scoring.scoring;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import io.smallrye.mutiny.Uni;

/**
 * Runs the updates of one account one after the other (an asynchronous mutex per account id), so a live event, a
 * replay pass and the daily rescore never interleave on the same account state. Different accounts run in parallel.
 * Across instances, Kafka's partition ownership gives live events one writer per account.
 */
final class PerAccountSequencer {

    private final ConcurrentHashMap<String, CompletableFuture<Void>> tails = new ConcurrentHashMap<>();

    <T> Uni<T> run(String accountId, Supplier<Uni<T>> work) {
        return Uni.createFrom().deferred(() -> {
            CompletableFuture<Void> mine = new CompletableFuture<>();
            CompletableFuture<Void> previous = tails.put(accountId, mine);
            Uni<Void> turn = previous == null ? Uni.createFrom().voidItem() : Uni.createFrom().completionStage(previous);
            return turn.onFailure().recoverWithNull()
                    .chain(() -> work.get())
                    .onTermination().invoke(() -> {
                        tails.remove(accountId, mine);
                        mine.complete(null);
                    });
        });
    }
}

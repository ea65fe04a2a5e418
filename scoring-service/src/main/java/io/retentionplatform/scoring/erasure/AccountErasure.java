package io.retentionplatform.scoring.erasure;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.retentionplatform.scoring.churn.ChurnHistoryStore;
import io.retentionplatform.scoring.churn.ChurnScoreStore;
import io.retentionplatform.scoring.events.EventStore;
import io.retentionplatform.scoring.scoring.AccountScoring;
import io.retentionplatform.scoring.state.AccountStateStore;
import io.retentionplatform.scoring.state.HealthHistoryStore;
import io.smallrye.mutiny.Uni;

/**
 * Erases what scoring-service holds of an account or of one person, in the account's turn (no event, plan, rescore
 * or replay of the account runs meanwhile). The erasure marker is written first: an event accepted before the
 * erasure that is folded in after it finds the marker and is dropped (see {@code AccountScoring#onEvent}).
 */
@ApplicationScoped
public class AccountErasure {

    private final AccountScoring scoring;
    private final AccountStateStore states;
    private final EventStore events;
    private final HealthHistoryStore history;
    private final ChurnHistoryStore churnHistory;
    private final ChurnScoreStore churnScores;

    public AccountErasure(AccountScoring scoring, AccountStateStore states, EventStore events, HealthHistoryStore history,
            ChurnHistoryStore churnHistory, ChurnScoreStore churnScores) {
        this.churnHistory = churnHistory;
        this.churnScores = churnScores;
        this.scoring = scoring;
        this.states = states;
        this.events = events;
        this.history = history;
    }

    /**
     * The whole account: its state becomes the erasure marker (account id and erasure time), its events, score
     * history, commercial history and churn scores are deleted. Returns the counts: {@code accountState} (1 if it had a
     * score), {@code events}, {@code healthHistory}, {@code churnHistory}, {@code churnScores}.
     */
    public Uni<Map<String, Long>> eraseAccount(String accountId, Instant erasedAt) {
        return scoring.exclusively(accountId, () -> states.replaceWithErasureMarker(accountId, erasedAt)
                .chain(hadScore -> events.deleteAccount(accountId)
                        .chain(deletedEvents -> history.deleteAccount(accountId).chain(points -> churnHistory
                                .deleteAccount(accountId).chain(commercial -> churnScores.deleteAccount(accountId).map(churn -> {
                            Map<String, Long> erased = new LinkedHashMap<>();
                            erased.put("accountState", hadScore ? 1L : 0L);
                            erased.put("events", deletedEvents);
                            erased.put("healthHistory", points);
                            erased.put("churnHistory", commercial);
                            erased.put("churnScores", churn);
                            return erased;
                        }))))));
    }

    /**
     * One person: the user id is removed from the account's events (they still count for the score), and its hash
     * is remembered with the time, so that this person's events still in flight lose it too. Scores, history and
     * signals hold no user ids. Returns {@code eventUserIds}: the events changed.
     */
    public Uni<Map<String, Long>> eraseUser(String accountId, String userId, Instant erasedAt) {
        return scoring.exclusively(accountId, () -> states.load(accountId)
                .chain(state -> {
                    state.markUserErased(userId, erasedAt);
                    return states.save(state);
                })
                .onFailure(io.retentionplatform.scoring.state.StateConflictException.class).retry().atMost(20)
                .chain(() -> events.removeUserId(accountId, userId))
                .map(changed -> Map.of("eventUserIds", changed)));
    }
}

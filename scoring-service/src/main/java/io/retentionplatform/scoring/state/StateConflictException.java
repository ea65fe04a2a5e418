package io.retentionplatform.scoring.state;

/**
 * Someone else saved the account's state after it was read (another instance during a rebalance, a replay beside a
 * live event): nothing was written; read again and redo the change.
 */
public final class StateConflictException extends RuntimeException {

    public StateConflictException(String accountId) {
        super("The state of account " + accountId + " changed since it was read", null, false, false);
    }
}

package io.retentionplatform.scoring.scoring;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.scheduler.Scheduled;
import io.retentionplatform.scoring.state.AccountStateStore;
import io.smallrye.mutiny.Uni;
import org.jboss.logging.Logger;

/**
 * Once a day every account is rescored (signals age: decay and windows move without new events) and gets its
 * daily history point, so history has at least one point per account per day.
 */
@ApplicationScoped
public class DailyRescore {

    private static final Logger LOG = Logger.getLogger(DailyRescore.class);

    private final AccountStateStore states;
    private final AccountScoring scoring;

    public DailyRescore(AccountStateStore states, AccountScoring scoring) {
        this.states = states;
        this.scoring = scoring;
    }

    @Scheduled(cron = "{scoring.daily-rescore-cron}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> rescoreAll() {
        return states.accountIds()
                .onItem().transformToUni(scoring::rescoreDaily).merge(4)
                .collect().with(java.util.stream.Collectors.counting())
                .invoke(count -> LOG.infof("Daily rescore: %d accounts", count))
                .replaceWithVoid();
    }
}

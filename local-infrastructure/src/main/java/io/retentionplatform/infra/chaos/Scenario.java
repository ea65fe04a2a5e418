package io.retentionplatform.infra.chaos;

import java.util.Arrays;

/** The faults of the campaign, each struck once during a sustained ingest, in this order by default. */
public enum Scenario {

    /** kill -9 of scoring-service mid-ingest, then a restart on the same port. */
    SCORING_KILL("scoring-kill"),
    /** kill -9 of the infrastructure process (Kafka and the MongoDB wire server), then a restart on the same data. */
    INFRASTRUCTURE_KILL("infrastructure-kill"),
    /** The MongoDB connection cut (open connections closed, new ones refused) for a while. */
    MONGO_OUTAGE("mongo-outage"),
    /** Unreadable and invalid records produced straight to the events topic among the good ones. */
    POISON("poison"),
    /**
     * A second scoring-service starts with the ingest and joins the group; the first is killed with kill -9 as soon as
     * the group is seen rebalancing (or with more members), while partitions move.
     */
    REBALANCE_KILL("rebalance-kill");

    private final String label;

    Scenario(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    static Scenario named(String label) {
        return Arrays.stream(values()).filter(s -> s.label.equals(label)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown scenario " + label + "; known: "
                        + Arrays.stream(values()).map(Scenario::label).toList()));
    }
}

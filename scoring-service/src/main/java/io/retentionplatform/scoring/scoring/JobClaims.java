package io.retentionplatform.scoring.scoring;

import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import io.quarkus.mongodb.reactive.ReactiveMongoClient;
import io.quarkus.mongodb.reactive.ReactiveMongoCollection;
import io.retentionplatform.scoring.config.PipelineConfig;
import io.smallrye.mutiny.Uni;
import org.bson.Document;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Claims on the jobs that must run once across all instances (the replay to a model version, the daily rescore of a
 * day), in MongoDB ({@code scoring_jobs}, one small document per job). The first instance to insert the job's document
 * runs it and renews its lease while it runs; if it dies, the lease runs out and another instance claims the job and
 * resumes it. Two instances may briefly both run one job when a lease runs out under a live owner; that is harmless,
 * because the jobs' writes are conditional on each account's revision and skip what is done.
 */
@ApplicationScoped
public class JobClaims {

    static final String COLLECTION = "scoring_jobs";

    private final ReactiveMongoCollection<Document> jobs;
    private final Clock clock;
    private final Duration lease;
    private final String owner = UUID.randomUUID().toString();

    public JobClaims(ReactiveMongoClient client, @ConfigProperty(name = "quarkus.mongodb.database") String database, Clock clock,
            PipelineConfig config) {
        this.jobs = client.getDatabase(database).getCollection(COLLECTION);
        this.clock = clock;
        this.lease = config.jobLease();
    }

    /** True if this instance now holds the job: it was new, or unfinished with its lease run out. */
    public Uni<Boolean> claim(String job) {
        Date now = Date.from(clock.instant());
        Document fresh = new Document("_id", job).append("owner", owner).append("leaseUntil", until()).append("done", false)
                .append("claimedAt", now);
        return jobs.insertOne(fresh).replaceWith(Boolean.TRUE)
                .onFailure(f -> f instanceof MongoWriteException w && w.getError().getCategory() == ErrorCategory.DUPLICATE_KEY)
                .recoverWithUni(() -> jobs.updateOne(
                                Filters.and(Filters.eq("_id", job), Filters.eq("done", false), Filters.lt("leaseUntil", now)),
                                Updates.combine(Updates.set("owner", owner), Updates.set("leaseUntil", until()),
                                        Updates.set("claimedAt", now)))
                        .map(result -> result.getMatchedCount() == 1));
    }

    /** Extends this instance's lease on the job. */
    public Uni<Void> renew(String job) {
        return jobs.updateOne(Filters.and(Filters.eq("_id", job), Filters.eq("owner", owner)), Updates.set("leaseUntil", until()))
                .replaceWithVoid();
    }

    /** Marks the job done: nobody claims it again. */
    public Uni<Void> finish(String job) {
        return jobs.updateOne(Filters.eq("_id", job), Updates.combine(Updates.set("done", true),
                Updates.set("finishedAt", Date.from(clock.instant())))).replaceWithVoid();
    }

    /** True if the job exists and is not done (someone started it). */
    public Uni<Boolean> unfinished(String job) {
        return jobs.find(Filters.eq("_id", job)).collect().first()
                .map(d -> d != null && !Boolean.TRUE.equals(d.getBoolean("done")));
    }

    private Date until() {
        return Date.from(clock.instant().plus(lease));
    }
}

package io.retentionplatform.infra.chaos;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.retentionplatform.infra.security.Credentials;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A scenario's sustained ingest: {@code POST /events/batch} with the ingest key, paced, from a few sender threads.
 * A batch that is not answered 202 (a 503 while Kafka is down, a refused connection while scoring-service is, a
 * timeout) is sent again with the same event ids, as Segment or a webhook pipeline would, until it is answered or the
 * give-up time has passed. Only the ids a 202 answer lists count as accepted; every id ever sent is remembered,
 * since an unanswered request may have been stored all the same.
 */
final class IngestLoad {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ChaosSettings settings;
    private final ChaosEvents events;
    private final Credentials credentials;
    private final Supplier<List<String>> targets;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final Set<String> accepted = ConcurrentHashMap.newKeySet();
    private final List<String> sent = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, AtomicLong> failures = new ConcurrentHashMap<>();
    private final AtomicInteger nextBatch = new AtomicInteger();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong givenUp = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final List<Thread> senders = new ArrayList<>();
    private volatile String firstRejection;
    private long startedAt;
    private volatile long finishedAt;

    /** {@code targets}: the base URLs of the scoring-service instances to send to, asked before every attempt. */
    IngestLoad(ChaosSettings settings, ChaosEvents events, Credentials credentials, Supplier<List<String>> targets) {
        this.settings = settings;
        this.events = events;
        this.credentials = credentials;
        this.targets = targets;
    }

    void start() {
        startedAt = System.nanoTime();
        int batches = (settings.eventsPerScenario() + settings.batchSize() - 1) / settings.batchSize();
        AtomicInteger running = new AtomicInteger(settings.senders());
        for (int s = 0; s < settings.senders(); s++) {
            Thread sender = new Thread(() -> {
                try {
                    for (int batch = nextBatch.getAndIncrement(); batch < batches; batch = nextBatch.getAndIncrement()) {
                        send(batch);
                    }
                } finally {
                    if (running.decrementAndGet() == 0) {
                        finishedAt = System.nanoTime();
                    }
                }
            }, "chaos-ingest-" + s);
            sender.setDaemon(true);
            senders.add(sender);
            sender.start();
        }
    }

    private void send(int batch) {
        int from = batch * settings.batchSize();
        int to = Math.min(settings.eventsPerScenario(), from + settings.batchSize());
        pace(from);
        List<Map<String, Object>> list = new ArrayList<>(to - from);
        for (int i = from; i < to; i++) {
            list.add(events.event(i));
            sent.add(events.id(i));
        }
        byte[] body;
        try {
            body = JSON.writeValueAsBytes(Map.of("events", list));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        long giveUpAt = System.nanoTime() + settings.sendGiveUp().toNanos();
        for (int attempt = 0; ; attempt++) {
            List<String> urls = targets.get();
            String url = urls.get(Math.floorMod(batch + attempt, urls.size())) + "/events/batch";
            requests.incrementAndGet();
            try {
                HttpResponse<String> response = http.send(credentials.request(url).header("Content-Type", "application/json")
                        .timeout(settings.requestTimeout()).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 202) {
                    JsonNode ids = JSON.readTree(response.body()).path("acceptedIds");
                    ids.forEach(id -> accepted.add(id.asText()));
                    return;
                }
                if (response.statusCode() == 400 || response.statusCode() == 413) {
                    // The campaign's own events are valid: a refusal is a defect of the campaign or the service, not a fault.
                    rejected.addAndGet(to - from);
                    if (firstRejection == null) {
                        firstRejection = response.statusCode() + " " + response.body();
                    }
                    return;
                }
                failure("HTTP " + response.statusCode());
            } catch (IOException e) {
                failure(e.getClass().getSimpleName());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (System.nanoTime() > giveUpAt) {
                givenUp.addAndGet(to - from);
                return;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(Math.min(2_000, 100L << Math.min(attempt, 5))));
        }
    }

    /** Holds event {@code index} back until its time at the configured rate. */
    private void pace(int index) {
        if (settings.ratePerSecond() <= 0) {
            return;
        }
        long due = startedAt + (long) (index / settings.ratePerSecond() * 1e9);
        long wait = due - System.nanoTime();
        if (wait > 0) {
            LockSupport.parkNanos(wait);
        }
    }

    private void failure(String kind) {
        failures.computeIfAbsent(kind, k -> new AtomicLong()).incrementAndGet();
    }

    long acceptedCount() {
        return accepted.size();
    }

    /** Waits until {@code count} events have been accepted (or every sender is done). */
    void awaitAccepted(long count, Duration timeout) {
        try {
            await("ingest reaching " + count + " accepted events").atMost(timeout).pollInterval(Duration.ofMillis(50))
                    .until(() -> accepted.size() >= count || finishedAt != 0);
        } catch (ConditionTimeoutException e) {
            throw new IllegalStateException("the ingest did not reach " + count + " accepted events in " + timeout
                    + " (accepted " + accepted.size() + ", failures " + failures + ")", e);
        }
    }

    /** Waits for every sender; a sender still retrying after {@code timeout} is an error of the campaign's settings. */
    void awaitFinished(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Thread sender : senders) {
            sender.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            if (sender.isAlive()) {
                throw new IllegalStateException("the ingest did not finish in " + timeout);
            }
        }
    }

    Set<String> acceptedIds() {
        return Set.copyOf(accepted);
    }

    List<String> sentIds() {
        synchronized (sent) {
            return List.copyOf(sent);
        }
    }

    /** One line on how the ingest went: requests, retries by cause, events not accepted. */
    String summary() {
        double seconds = (finishedAt == 0 ? System.nanoTime() : finishedAt) - startedAt;
        Map<String, Long> causes = new TreeMap<>();
        failures.forEach((k, v) -> causes.put(k, v.get()));
        long retried = causes.values().stream().mapToLong(Long::longValue).sum();
        return String.format("%,d events sent in %.0f s (%,d requests, %,d answered otherwise than 202%s), %,d accepted, "
                + "%,d given up after %d s of retries, %,d rejected%s", sent.size(), seconds / 1e9, requests.get(), retried,
                causes.isEmpty() ? "" : " " + causes, accepted.size(), givenUp.get(), settings.sendGiveUp().toSeconds(),
                rejected.get(), firstRejection == null ? "" : " (first: " + firstRejection + ")");
    }
}

package io.retentionplatform.infra.demo;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * Posts the demo portfolio to scoring-service's webhook, as marketing automation would:
 * {@code java -cp local-infrastructure.jar io.retentionplatform.infra.demo.DemoDataLoader http://127.0.0.1:8081}.
 */
public final class DemoDataLoader {

    private static final int IN_FLIGHT = 8;

    public static void main(String[] args) throws Exception {
        String scoringUrl = args.length > 0 ? args[0] : "http://127.0.0.1:8081";
        List<DemoData.DemoAccount> accounts = DemoData.generate(Instant.now());
        ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        Semaphore inFlight = new Semaphore(IN_FLIGHT);
        AtomicInteger accepted = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        long t0 = System.nanoTime();
        List<CompletableFuture<Void>> calls = new java.util.ArrayList<>();
        for (DemoData.DemoAccount account : accounts) {
            for (DemoData.DemoEvent event : account.events()) {
                HttpRequest request = HttpRequest.newBuilder(URI.create(scoringUrl + "/events"))
                        .timeout(Duration.ofSeconds(30))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(event)))
                        .build();
                inFlight.acquire();
                calls.add(http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                        .handle((response, error) -> {
                            inFlight.release();
                            if (error == null && response.statusCode() == 202) {
                                accepted.incrementAndGet();
                            } else {
                                failed.incrementAndGet();
                                System.err.println("[demo] " + event.id() + ": "
                                        + (error != null ? error : response.statusCode() + " " + response.body()));
                            }
                            return null;
                        }));
            }
        }
        CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).join();
        long millis = (System.nanoTime() - t0) / 1_000_000;
        System.out.printf("[demo] %d accounts (%d per quadrant), %d events accepted, %d failed, in %d ms%n",
                accounts.size(), DemoData.ACCOUNTS_PER_PROFILE, accepted.get(), failed.get(), millis);
        System.exit(failed.get() == 0 ? 0 : 1);
    }
}

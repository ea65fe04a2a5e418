package io.retentionplatform.infra.attack;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.LongFunction;

/**
 * Sends probes over HTTP/1.1 with a fixed number of worker threads, each building its next probe just before sending
 * it, and judges each answer. Memory stays bounded: an answer is read as a stream, only an excerpt of it is kept (for
 * the report), and the rest is discarded.
 */
final class Sender implements AutoCloseable {

    /** The answer's status, Retry-After header and verdict; status -1 when none came. */
    record Exchange(int status, Optional<String> retryAfter, Verdict verdict) {
    }

    static final int EXCERPT_BYTES = 240;
    private static final long MAX_READ_BYTES = 32L << 20;

    private final Credentials credentials;
    private final int concurrency;
    private final Duration timeout;
    private final ExecutorService clientExecutor;
    private final HttpClient http;

    Sender(Credentials credentials, int concurrency, Duration timeout) {
        this.credentials = credentials;
        this.concurrency = concurrency;
        this.timeout = timeout;
        this.clientExecutor = Executors.newFixedThreadPool(Math.max(2, concurrency), daemons("attack-http"));
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5)).executor(clientExecutor).build();
    }

    /** Sends probes 0..count-1 (built by {@code probes}), {@code concurrency} at a time, until all are sent. */
    void run(long count, LongFunction<Probe> probes, Tally tally) {
        run(count, probes, tally, () -> false, exchange -> {
        });
    }

    /** As {@link #run(long, LongFunction, Tally)}, stopping early once {@code stop} says so; each answer goes to {@code observer}. */
    void run(long count, LongFunction<Probe> probes, Tally tally, BooleanSupplier stop, Consumer<Exchange> observer) {
        AtomicLong next = new AtomicLong();
        ExecutorService workers = Executors.newFixedThreadPool(concurrency, daemons("attack-" + tally.category()));
        List<Future<?>> running = new ArrayList<>();
        for (int w = 0; w < concurrency; w++) {
            running.add(workers.submit(() -> {
                long i;
                while (!stop.getAsBoolean() && (i = next.getAndIncrement()) < count) {
                    observer.accept(send(probes.apply(i), tally));
                }
            }));
        }
        try {
            for (Future<?> worker : running) {
                worker.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("a probe could not be built or sent: " + e.getCause(), e.getCause());
        } finally {
            workers.shutdownNow();
        }
    }

    /** Sends one probe, records its verdict in the tally and returns what came back. */
    Exchange send(Probe probe, Tally tally) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(probe.url())).timeout(timeout)
                .method(probe.method(), probe.body() == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(probe.body()));
        if (probe.contentType() != null) {
            request.header("Content-Type", probe.contentType());
        }
        String authorization = credentials.authorization(probe.credential());
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        HttpResponse<InputStream> response;
        try {
            try {
                response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            } catch (IOException e) {
                if (e instanceof HttpTimeoutException || e instanceof ConnectException || probe.big()) {
                    throw e;
                }
                // A kept-alive connection the server had just closed (after refusing an oversized request on it, say)
                // fails with "received no bytes": once more on a fresh one, so that only a real drop counts.
                response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            }
        } catch (HttpTimeoutException e) {
            tally.record(probe, Verdict.SERVER_ERROR, -1, "(no answer within " + timeout.toSeconds() + " s)");
            return new Exchange(-1, Optional.empty(), Verdict.SERVER_ERROR);
        } catch (ConnectException e) {
            tally.record(probe, Verdict.SERVER_ERROR, -1, "(connection refused: is the service running?)");
            return new Exchange(-1, Optional.empty(), Verdict.SERVER_ERROR);
        } catch (IOException e) {
            if (probe.big()) {
                tally.recordClosed(probe); // the server stopped reading an oversized request: a refusal
                return new Exchange(-1, Optional.empty(), Verdict.REJECTED);
            }
            tally.record(probe, Verdict.SERVER_ERROR, -1, "(connection dropped: " + e + ")");
            return new Exchange(-1, Optional.empty(), Verdict.SERVER_ERROR);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        int status = response.statusCode();
        Optional<String> retryAfter = response.headers().firstValue("Retry-After");
        GraphQLAnswer answer = GraphQLAnswer.NOT_JSON;
        String excerpt;
        try (Capture body = new Capture(response.body())) {
            if (probe.expect().graphql() && status >= 200 && status < 300) {
                answer = GraphQLAnswer.read(body, probe.expect().graphqlField());
            }
            body.drain();
            excerpt = body.excerpt();
        } catch (IOException e) {
            excerpt = "(answer cut off: " + e.getMessage() + ")";
        }
        Verdict verdict = Judge.judge(probe.expect(), status, answer);
        tally.record(probe, verdict, status, excerpt);
        return new Exchange(status, retryAfter, verdict);
    }

    @Override
    public void close() {
        clientExecutor.shutdownNow();
    }

    private static ThreadFactory daemons(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + n.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** Keeps the first bytes of an answer for the report and stops reading after {@link #MAX_READ_BYTES}. */
    private static final class Capture extends FilterInputStream {
        private final byte[] head = new byte[EXCERPT_BYTES];
        private int headLength;
        private long total;

        Capture(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (total >= MAX_READ_BYTES) {
                return -1;
            }
            int n = super.read(b, off, (int) Math.min(len, MAX_READ_BYTES - total));
            if (n > 0) {
                int keep = Math.min(n, head.length - headLength);
                if (keep > 0) {
                    System.arraycopy(b, off, head, headLength, keep);
                    headLength += keep;
                }
                total += n;
            }
            return n;
        }

        void drain() throws IOException {
            byte[] buffer = new byte[16384];
            while (read(buffer, 0, buffer.length) >= 0) {
                // discard
            }
        }

        String excerpt() {
            String text = new String(head, 0, headLength, StandardCharsets.UTF_8).replaceAll("\\s+", " ").trim();
            return total > headLength ? text + "..." : text;
        }
    }
}

package io.retentionplatform.infra.security;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.Optional;

/**
 * What the demo loader and the benchmarks present to the services: an event sender's API key for the ingest
 * endpoints and a person's JWT (manager or admin) for everything else. {@code ./suite run} and {@code ./suite bench}
 * create both and pass them as {@code RETENTION_INGEST_KEY} and {@code RETENTION_TOKEN}.
 */
public record Credentials(String ingestKey, String userToken) {

    public static final String INGEST_KEY_VARIABLE = "RETENTION_INGEST_KEY";
    public static final String TOKEN_VARIABLE = "RETENTION_TOKEN";

    /** From the environment; a variable that is not set leaves that credential out (the service will answer 401). */
    public static Credentials fromEnvironment() {
        return new Credentials(System.getenv(INGEST_KEY_VARIABLE), System.getenv(TOKEN_VARIABLE));
    }

    /** The {@code Authorization} header value for a call to {@code url}: the API key for ingest, else the token. */
    public Optional<String> authorizationFor(String url) {
        String path = URI.create(url).getPath();
        boolean ingest = path.equals("/events") || path.startsWith("/events/") || path.startsWith("/v1/");
        String credential = ingest ? ingestKey : userToken;
        return credential == null || credential.isBlank() ? Optional.empty() : Optional.of("Bearer " + credential);
    }

    /** A request to {@code url} carrying the credential {@link #authorizationFor(String)} picks. */
    public HttpRequest.Builder request(String url) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url));
        authorizationFor(url).ifPresent(value -> builder.header("Authorization", value));
        return builder;
    }
}

package io.retentionplatform.infra.attack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.retentionplatform.infra.security.LocalTokens;

/**
 * Reads what the services expose: each one's OpenAPI document ({@code GET /q/openapi?format=json}, open in the local
 * suite) and the gateway's schema by introspection, with an admin token. Also issues and revokes API keys through
 * scoring's admin API, before the baseline fingerprint, when the campaign has to bring its own.
 */
final class Discovery {

    static final String OPENAPI_PATH = "/q/openapi?format=json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final Duration timeout;

    Discovery(Duration timeout) {
        this.timeout = timeout;
    }

    /** The service's REST operations; empty when it has no OpenAPI document (404), an error when it does not answer. */
    List<RestOperation> openApi(String service, String baseUrl, Random random) {
        HttpResponse<String> response = get(baseUrl + OPENAPI_PATH, null);
        if (response.statusCode() == 404) {
            return List.of();
        }
        if (response.statusCode() != 200) {
            throw new IllegalStateException(service + ": GET " + OPENAPI_PATH + " answered " + response.statusCode() + " "
                    + GraphQLOperations.excerpt(response.body()));
        }
        try {
            return OpenApiOperations.read(service, baseUrl, JSON.readTree(response.body()), random);
        } catch (IOException e) {
            throw new IllegalStateException(service + ": the OpenAPI document is not JSON: " + e.getMessage(), e);
        }
    }

    /** The gateway's root fields, by introspection with the given bearer token. */
    List<GraphQLField> graphql(String gatewayUrl, String adminToken) {
        String endpoint = gatewayUrl + "/graphql";
        HttpResponse<String> response = post(endpoint, "Bearer " + adminToken,
                new String(PlausibleRequests.graphql(GraphQLOperations.INTROSPECTION_QUERY, null), java.nio.charset.StandardCharsets.UTF_8));
        if (response.statusCode() != 200) {
            throw new IllegalStateException("gateway: introspection answered " + response.statusCode() + " "
                    + GraphQLOperations.excerpt(response.body()));
        }
        try {
            return GraphQLOperations.read(endpoint, JSON.readTree(response.body()));
        } catch (IOException e) {
            throw new IllegalStateException("gateway: the introspection answer is not JSON: " + e.getMessage(), e);
        }
    }

    /** Issues an API key through {@code POST /api-keys}; returns its id and key, empty if that did not succeed. */
    Optional<Map.Entry<String, String>> issueKey(String scoringUrl, String adminToken, String source) {
        HttpResponse<String> response;
        try {
            response = post(scoringUrl + "/api-keys", "Bearer " + adminToken,
                    "{\"source\":\"" + source + "\",\"description\":\"issued by the attack campaign\"}");
        } catch (IllegalStateException e) {
            return Optional.empty();
        }
        if (response.statusCode() != 201) {
            return Optional.empty();
        }
        try {
            JsonNode body = JSON.readTree(response.body());
            String key = body.path("key").asText(null);
            String id = body.path("id").asText(null);
            return key == null || id == null ? Optional.empty() : Optional.of(Map.entry(id, key));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Revokes a key through {@code DELETE /api-keys/{id}}; false if that did not succeed. */
    boolean revokeKey(String scoringUrl, String adminToken, String id) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(scoringUrl + "/api-keys/" + id)).timeout(timeout)
                .header("Authorization", "Bearer " + adminToken).DELETE().build();
        try {
            int status = send(request).statusCode();
            return status >= 200 && status < 300;
        } catch (IllegalStateException e) {
            return false;
        }
    }

    /** Whether the service still answers at all (any status below 500). */
    boolean alive(String baseUrl) {
        try {
            return get(baseUrl + OPENAPI_PATH, null).statusCode() < 500;
        } catch (IllegalStateException e) {
            return false;
        }
    }

    static String adminToken(java.security.PrivateKey key, String subject) {
        java.time.Instant now = java.time.Instant.now();
        return LocalTokens.mint(key, subject, List.of(Role.ADMIN.id()), now.minusSeconds(5), now.plus(Duration.ofMinutes(30)));
    }

    private HttpResponse<String> get(String url, String authorization) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(timeout).header("Accept", "application/json");
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return send(request.GET().build());
    }

    private HttpResponse<String> post(String url, String authorization, String json) {
        return send(HttpRequest.newBuilder(URI.create(url)).timeout(timeout).header("Content-Type", "application/json")
                .header("Authorization", authorization).POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(request.method() + " " + request.uri() + ": no answer (" + e + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}

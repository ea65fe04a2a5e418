package io.retentionplatform.infra.attack;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.retentionplatform.infra.security.LocalTokens;

/**
 * Stand-ins for scoring, segmentation and the gateway, serving the fixture contracts, so that the campaign's mechanics
 * (discovery, categories, judging, counting, the final line and exit code) can be tested without the real services.
 * Secure mode behaves as the baseline requires: 401 for missing or bad credentials (RS256 verified with the public
 * key, issuer, audience, expiry), 403 for too weak a role, 429 with Retry-After past a per-caller limit, and 400 for
 * whatever passes (the campaign sends nothing valid once authorized). Leaky mode answers 200 to everything and records
 * each POST it gets as a write.
 */
final class StubServices implements AutoCloseable {

    static final String INGEST_KEY = "rpk_0123456789abcdef_" + "A".repeat(43);

    static {
        // The JDK server otherwise waits on Nagle's algorithm for every small answer (40 ms each); Vert.x does not.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private final boolean secure;
    private final PublicKey publicKey;
    private final Consumer<String> onWrite;
    private final ExecutorService executor = Executors.newFixedThreadPool(8);
    private final List<HttpServer> servers = new ArrayList<>();
    private final Map<String, AtomicInteger> perCaller = new ConcurrentHashMap<>();
    final String scoringUrl;
    final String segmentationUrl;
    final String gatewayUrl;

    StubServices(boolean secure, PublicKey publicKey, Consumer<String> onWrite) throws IOException {
        this.secure = secure;
        this.publicKey = publicKey;
        this.onWrite = onWrite;
        this.scoringUrl = start(Fixtures.json("scoring-openapi.json"), "scoring");
        this.segmentationUrl = start(Fixtures.json("segmentation-openapi.json"), "segmentation");
        this.gatewayUrl = start(null, "gateway");
    }

    private String start(JsonNode openApi, String service) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        List<RestOperation> operations = openApi == null ? List.of() : OpenApiOperations.read(service, base, openApi, new Random(1));
        server.createContext("/", exchange -> {
            try {
                handle(exchange, service, openApi, operations);
            } catch (RuntimeException e) {
                e.printStackTrace();
                respond(exchange, 500, "{\"error\":\"stub\"}", null);
            } finally {
                exchange.close();
            }
        });
        server.setExecutor(executor);
        server.start();
        servers.add(server);
        return base;
    }

    private void handle(HttpExchange exchange, String service, JsonNode openApi, List<RestOperation> operations) throws IOException {
        byte[] body = readAll(exchange.getRequestBody());
        String path = exchange.getRequestURI().getRawPath();
        String method = exchange.getRequestMethod();
        if (path.equals("/q/openapi")) {
            if (openApi == null) {
                respond(exchange, 404, "{}", null);
            } else {
                respond(exchange, 200, openApi.toString(), null);
            }
            return;
        }
        if (service.equals("gateway")) {
            graphql(exchange, method, path, body);
            return;
        }
        Optional<RestOperation> op = operations.stream()
                .filter(o -> o.method().equals(method) && OpenApiOperations.templateMatches(o.template(), path)).findFirst();
        if (op.isEmpty()) {
            boolean pathKnown = operations.stream().anyMatch(o -> OpenApiOperations.templateMatches(o.template(), path));
            respond(exchange, pathKnown ? 405 : 404, "{}", null);
            return;
        }
        if (!secure) {
            if (method.equals("POST")) {
                onWrite.accept(service + " " + path);
            }
            respond(exchange, 200, "{\"ok\":true}", null);
            return;
        }
        Access access = op.get().access();
        if (!access.open()) {
            Optional<Caller> caller = authenticate(exchange.getRequestHeaders().getFirst("Authorization"));
            if (caller.isEmpty()) {
                respond(exchange, 401, "{\"status\":401}", null);
                return;
            }
            boolean allowed = caller.get().role() == Role.INGEST ? access.ingest()
                    : access.minimumRole().map(min -> caller.get().role().covers(min)).orElse(false);
            if (!allowed) {
                respond(exchange, 403, "{\"status\":403}", null);
                return;
            }
            int limit = access.ingestOnly() ? 200 : op.get().template().equals("/model") ? 10 : Integer.MAX_VALUE;
            if (perCaller.computeIfAbsent(caller.get().name() + op.get().template(), k -> new AtomicInteger()).incrementAndGet() > limit) {
                respond(exchange, 429, "{\"status\":429}", "7");
                return;
            }
        }
        respond(exchange, 400, "{\"status\":400,\"title\":\"Bad Request\"}", null);
    }

    private void graphql(HttpExchange exchange, String method, String path, byte[] body) throws IOException {
        if (!path.equals("/graphql")) {
            respond(exchange, 404, "{}", null);
            return;
        }
        if (!method.equals("POST") && !method.equals("GET")) {
            respond(exchange, 405, "{}", null);
            return;
        }
        String text = new String(body, StandardCharsets.UTF_8);
        Optional<Caller> caller = authenticate(exchange.getRequestHeaders().getFirst("Authorization"));
        if (text.contains("AttackIntrospection")) {
            boolean admin = caller.map(c -> c.role() == Role.ADMIN).orElse(false);
            respond(exchange, admin ? 200 : 401, admin ? Fixtures.json("gateway-introspection.json").toString() : "{}", null);
            return;
        }
        GraphQLField field = Fixtures.gateway().stream().filter(f -> text.contains(f.name() + "(") || text.contains(f.name() + " "))
                .findFirst().orElse(null);
        if (!secure) {
            String name = field == null ? "__typename" : field.name();
            respond(exchange, 200, "{\"data\":{\"" + name + "\":{\"__typename\":\"X\"}}}", null);
            return;
        }
        if (field != null && !field.access().open()) {
            if (caller.isEmpty()) {
                respond(exchange, 401, "{}", null);
                return;
            }
            if (caller.get().role() == Role.INGEST || !caller.get().role().covers(field.access().minimumRole().orElseThrow())) {
                respond(exchange, 200, "{\"errors\":[{\"message\":\"denied\",\"extensions\":{\"code\":\"forbidden\"}}],\"data\":{\""
                        + field.name() + "\":null}}", null);
                return;
            }
        }
        respond(exchange, 200, "{\"errors\":[{\"message\":\"invalid\",\"extensions\":{\"classification\":\"ValidationError\"}}],"
                + "\"data\":null}", null);
    }

    private record Caller(String name, Role role) {
    }

    /** An API key equal to the one issued, or an RS256 JWT signed by the trusted key, for us, not expired. */
    private Optional<Caller> authenticate(String header) {
        if (header == null) {
            return Optional.empty();
        }
        if (header.equals("Bearer " + INGEST_KEY) || header.equals(Credentials.basic(INGEST_KEY))) {
            return Optional.of(new Caller("key", Role.INGEST));
        }
        if (!header.startsWith("Bearer ")) {
            return Optional.empty();
        }
        String[] parts = header.substring(7).split("\\.", -1);
        if (parts.length != 3) {
            return Optional.empty();
        }
        try {
            JsonNode jose = Fixtures.JSON.readTree(Base64.getUrlDecoder().decode(parts[0]));
            if (!jose.path("alg").asText().equals("RS256")) {
                return Optional.empty();
            }
            Signature rs256 = Signature.getInstance("SHA256withRSA");
            rs256.initVerify(publicKey);
            rs256.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            if (!rs256.verify(Base64.getUrlDecoder().decode(parts[2]))) {
                return Optional.empty();
            }
            JsonNode claims = Fixtures.JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
            if (!claims.path("iss").asText().equals(LocalTokens.ISSUER) || !claims.path("aud").asText().equals(LocalTokens.AUDIENCE)
                    || claims.path("exp").asLong() <= Instant.now().getEpochSecond()) {
                return Optional.empty();
            }
            Role role = Role.of(claims.path("groups").path(0).asText("")).orElse(null);
            return role == null || role == Role.INGEST ? Optional.empty() : Optional.of(new Caller(claims.path("sub").asText(), role));
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    private static byte[] readAll(InputStream in) throws IOException {
        return in.readAllBytes();
    }

    private static void respond(HttpExchange exchange, int status, String body, String retryAfter) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        if (retryAfter != null) {
            exchange.getResponseHeaders().set("Retry-After", retryAfter);
        }
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        servers.forEach(s -> s.stop(0));
        executor.shutdownNow();
    }
}

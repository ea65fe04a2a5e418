package io.retentionplatform.gateway.security;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Set;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticator;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * What reaches {@code /graphql} but is not a GraphQL request, or carries credentials that do not verify, gets a GraphQL error with a code, never Quarkus's generic
 * error page or, worse, an execution:
 * <ul>
 * <li>a POST body that is not JSON ({@code application/json}) or a GraphQL document ({@code application/graphql}):
 * 415 {@code UNSUPPORTED_MEDIA_TYPE} (SmallRye would read a form or plain text as JSON);</li>
 * <li>a body that is not valid UTF-8: 400 {@code BAD_REQUEST} (the decoder would replace the bytes and run the
 * query);</li>
 * <li>a failure before execution: bad credentials 401 {@code unauthorized}, a body the JSON parser refuses (variables
 * nested thousands deep) 400 {@code BAD_REQUEST}, too large 413, anything else 500 {@code INTERNAL}, logged.</li>
 * </ul>
 * Found by the hostile-input campaign ({@code ./suite attack}).
 */
@Singleton
public class UnreadableGraphQLRequests {

    private static final Logger LOG = Logger.getLogger(UnreadableGraphQLRequests.class);
    private static final Set<String> MEDIA_TYPES = Set.of("application/json", "application/graphql",
            "application/graphql+json");
    private static final String PATH = "/graphql";
    private static final String AUTHENTICATED = "retention.graphql.authenticated";

    private final long maxBodyBytes;
    private final HttpAuthenticator authenticator;

    public UnreadableGraphQLRequests(@ConfigProperty(name = "quarkus.http.limits.max-body-size") io.quarkus.runtime.configuration.MemorySize maxBody,
            HttpAuthenticator authenticator) {
        this.maxBodyBytes = maxBody.asLongValue();
        this.authenticator = authenticator;
    }

    void register(@Observes Router router) {
        router.route(PATH).order(Integer.MIN_VALUE).failureHandler(this::failed);
        router.post(PATH).order(Integer.MIN_VALUE + 1).handler(this::checkMediaType);
        router.post(PATH).order(Integer.MIN_VALUE + 2).handler(BodyHandler.create(false).setBodyLimit(maxBodyBytes));
        router.post(PATH).order(Integer.MIN_VALUE + 3).handler(this::checkEncoding);
        router.post(PATH).order(Integer.MIN_VALUE + 4).handler(this::checkCredentials);
        router.post(PATH).order(Integer.MIN_VALUE + 5).handler(this::refuseSubscriptionsOverHttp);
    }

    /**
     * Subscriptions are served over WebSocket (graphql-transport-ws) only. Over HTTP, SmallRye GraphQL answered 200
     * with the publisher object itself, before any role check could run (a subscription's field is secured when it
     * is subscribed to, which HTTP never does): 400 {@code SUBSCRIPTION_OVER_HTTP} instead. A document that does not
     * parse is left to the GraphQL engine, which answers with its own validation error.
     */
    private void refuseSubscriptionsOverHttp(RoutingContext context) {
        String query = null;
        try {
            String type = context.request().getHeader("Content-Type");
            if (type != null && type.toLowerCase().startsWith("application/graphql") && !type.toLowerCase().contains("json")) {
                query = context.body().asString();
            } else if (context.body() != null && context.body().buffer() != null && context.body().length() > 0) {
                Object parsed = io.vertx.core.json.Json.decodeValue(context.body().buffer());
                if (parsed instanceof JsonObject body && body.getValue("query") instanceof String text) {
                    query = text;
                }
            }
            if (query != null && new graphql.parser.Parser().parseDocument(query).getDefinitionsOfType(
                    graphql.language.OperationDefinition.class).stream()
                    .anyMatch(o -> o.getOperation() == graphql.language.OperationDefinition.Operation.SUBSCRIPTION)) {
                if (!Boolean.TRUE.equals(context.get(AUTHENTICATED))) {
                    context.response().putHeader("WWW-Authenticate", "Bearer");
                    answer(context, 401, "unauthorized", "Valid credentials are required");
                    return;
                }
                answer(context, 400, "SUBSCRIPTION_OVER_HTTP",
                        "Subscriptions are served over WebSocket (graphql-transport-ws) at /graphql, not over HTTP");
                return;
            }
        } catch (RuntimeException unparsable) {
            // not ours to judge: the engine answers with its own error
        }
        context.next();
    }

    /**
     * Credentials that are sent are checked before any operation is looked at: a bad token is 401 for a query, a
     * mutation and a subscription sent over HTTP alike (without this, an operation that fails before its fields run,
     * such as a subscription over HTTP, answered 200 whatever the token).
     */
    private void checkCredentials(RoutingContext context) {
        if (context.request().getHeader("Authorization") == null) {
            context.next(); // anonymous: each field's role check answers for itself
            return;
        }
        authenticator.attemptAuthentication(context).subscribe().with(identity -> {
            context.put(AUTHENTICATED, identity != null && !identity.isAnonymous());
            context.next();
        }, failure -> {
            context.response().putHeader("WWW-Authenticate", "Bearer");
            answer(context, 401, "unauthorized", "Valid credentials are required");
        });
    }

    private void checkMediaType(RoutingContext context) {
        String type = context.request().getHeader("Content-Type");
        String mediaType = type == null ? "" : type.split(";", 2)[0].trim().toLowerCase();
        if (!MEDIA_TYPES.contains(mediaType)) {
            answer(context, 415, "UNSUPPORTED_MEDIA_TYPE", "Send the request as application/json (or application/graphql)");
            return;
        }
        context.next();
    }

    private void checkEncoding(RoutingContext context) {
        if (context.body() != null && context.body().buffer() != null) {
            try {
                StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(context.body().buffer().getBytes()));
            } catch (CharacterCodingException e) {
                answer(context, 400, "BAD_REQUEST", "The request body is not valid UTF-8");
                return;
            }
        }
        context.next();
    }

    private void failed(RoutingContext context) {
        if (context.response().headWritten()) {
            context.next();
            return;
        }
        Throwable failure = context.failure();
        int status = context.statusCode();
        if (failure instanceof AuthenticationFailedException || failure instanceof UnauthorizedException || status == 401) {
            context.response().putHeader("WWW-Authenticate", "Bearer");
            answer(context, 401, "unauthorized", "Valid credentials are required");
        } else if (failure instanceof ForbiddenException || status == 403) {
            answer(context, 403, "forbidden", "The caller's role does not allow this operation");
        } else if (status == 413) {
            answer(context, 413, "REQUEST_TOO_LARGE", "The request body is too large");
        } else if ((status >= 400 && status < 500) || unreadable(failure)) {
            answer(context, 400, "BAD_REQUEST", "The request could not be read as a GraphQL request");
        } else {
            LOG.error("GraphQL request failed before execution", failure);
            answer(context, 500, "INTERNAL", "The request failed");
        }
    }

    private static void answer(RoutingContext context, int status, String code, String message) {
        JsonObject error = new JsonObject().put("message", message).put("extensions", new JsonObject().put("code", code));
        context.response().setStatusCode(status)
                .putHeader("Content-Type", "application/graphql-response+json; charset=UTF-8")
                .end(new JsonObject().put("errors", new JsonArray().add(error)).encode());
    }

    /** Parsing failures of the request body (JSON-P's exceptions, or its nesting guard's plain RuntimeException). */
    private static boolean unreadable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            String name = t.getClass().getName();
            if (name.startsWith("jakarta.json") || name.startsWith("org.eclipse.parsson")
                    || (t.getMessage() != null && t.getMessage().contains("nested"))) {
                return true;
            }
        }
        return false;
    }
}

package io.retentionplatform.gateway.security;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.jboss.logging.Logger;

/**
 * A GraphQL request that fails before it is executed (a body the JSON parser refuses, such as variables nested
 * thousands deep) would otherwise reach Quarkus's generic error page: a 500 in plain text. Here it becomes what a
 * GraphQL client expects, an error with a code and no internals: 400 {@code BAD_REQUEST} when the request could not
 * be read, 413 when it was too large, 500 {@code INTERNAL} otherwise (logged with its cause).
 */
@Singleton
public class UnreadableGraphQLRequests {

    private static final Logger LOG = Logger.getLogger(UnreadableGraphQLRequests.class);

    void register(@Observes Router router) {
        router.route("/graphql").order(Integer.MIN_VALUE).failureHandler(this::answer);
    }

    private void answer(RoutingContext context) {
        if (context.response().headWritten()) {
            context.next();
            return;
        }
        int status = context.statusCode();
        String code;
        String message;
        if (status == 413) {
            code = "REQUEST_TOO_LARGE";
            message = "The request body is too large";
        } else if ((status >= 400 && status < 500) || unreadable(context.failure())) {
            status = 400;
            code = "BAD_REQUEST";
            message = "The request could not be read as a GraphQL request";
        } else {
            status = 500;
            code = "INTERNAL";
            message = "The request failed";
            LOG.error("GraphQL request failed before execution", context.failure());
        }
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

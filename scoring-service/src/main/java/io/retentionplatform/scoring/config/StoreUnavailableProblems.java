package io.retentionplatform.scoring.config;

import java.time.Duration;
import java.util.Map;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.MongoException;
import com.mongodb.MongoExecutionTimeoutException;
import com.mongodb.MongoNodeIsRecoveringException;
import com.mongodb.MongoNotPrimaryException;
import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;
import com.mongodb.MongoWriteConcernException;
import io.retentionplatform.support.security.ProblemResponse;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * MongoDB out of reach (no server selected in time, a broken connection, a primary stepping down) is a
 * {@code 503} problem+json with {@code Retry-After}, not a {@code 500}: the request can succeed once the store is
 * back, and nothing was changed that a retry would double (event ids and revisions make retries harmless).
 */
public class StoreUnavailableProblems {

    private static final Logger LOG = Logger.getLogger(StoreUnavailableProblems.class);

    private final ObjectMapper json;
    private final Duration retryAfter;

    public StoreUnavailableProblems(ObjectMapper json, ScoringConfig config) {
        this.json = json;
        this.retryAfter = config.storeUnavailableRetryAfter();
    }

    @ServerExceptionMapper({ MongoTimeoutException.class, MongoSocketException.class, MongoExecutionTimeoutException.class,
            MongoNotPrimaryException.class, MongoNodeIsRecoveringException.class, MongoWriteConcernException.class })
    public Response unavailable(MongoException failure, UriInfo uri) {
        LOG.warnf("MongoDB unavailable for %s: %s", uri.getPath(), failure.toString());
        return ProblemResponse.of(json, 503, "Storage unavailable",
                "MongoDB did not answer in time; send the request again later (event ids make a repeated ingest harmless)",
                uri.getPath(), Map.of())
                .header(HttpHeaders.RETRY_AFTER, Math.max(1, retryAfter.toSeconds())).build();
    }
}

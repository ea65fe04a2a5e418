package io.retentionplatform.support.security;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * An RFC 9457 problem+json answer made where the resteasy-problem extension's exceptions cannot be thrown (request
 * filters answering before the resource) or its mappers do not work (401): status, title, detail, instance and any
 * further members, serialised here so the content type is exactly {@code application/problem+json}.
 */
public final class ProblemResponse {

    private ProblemResponse() {
    }

    public static Response.ResponseBuilder of(ObjectMapper json, int status, String title, String detail, String instance,
            Map<String, Object> more) {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("status", status);
        problem.put("title", title);
        problem.put("detail", detail);
        problem.put("instance", instance);
        problem.putAll(more);
        try {
            return Response.status(status).header(HttpHeaders.CONTENT_TYPE, "application/problem+json")
                    .entity(json.writeValueAsString(problem));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}

package io.retentionplatform.support.security;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Every path parameter of every service is an identifier (an account's CRM id, a segment, pilot, import, key or
 * erasure id): 1-200 characters of letters, digits and {@code . _ : @ -}. Anything else (control characters, NUL,
 * slashes, spaces, non-ASCII) is refused with 400 problem+json naming the parameter, before it reaches a query or a
 * store. The hostile-input campaign found NUL bytes reaching PostgreSQL (500) and unreadable ids answered with empty
 * lists (200); one check here closes both for present and future endpoints.
 */
public class PathParameterCheck {

    static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z0-9._:@-]{1,200}");

    private final ObjectMapper json;

    public PathParameterCheck(ObjectMapper json) {
        this.json = json;
    }

    @ServerRequestFilter
    public Response check(UriInfo uri) {
        for (Map.Entry<String, List<String>> parameter : uri.getPathParameters(true).entrySet()) {
            for (String value : parameter.getValue()) {
                if (!IDENTIFIER.matcher(value).matches()) {
                    return invalid(parameter.getKey(), uri);
                }
            }
        }
        return null;
    }

    private Response invalid(String name, UriInfo uri) {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("status", 400);
        problem.put("title", "Invalid path parameter");
        problem.put("detail", name + ": must be 1-200 characters of letters, digits and . _ : @ -");
        problem.put("instance", uri.getPath());
        problem.put("violations", List.of(Map.of("field", name,
                "message", "must be 1-200 characters of letters, digits and . _ : @ -")));
        try {
            return Response.status(400).header(HttpHeaders.CONTENT_TYPE, "application/problem+json")
                    .entity(json.writeValueAsString(problem)).build();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}

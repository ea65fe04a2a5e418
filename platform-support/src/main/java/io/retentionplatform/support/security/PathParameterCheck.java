package io.retentionplatform.support.security;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

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
        String rule = "must be 1-200 characters of letters, digits and . _ : @ -";
        return ProblemResponse.of(json, 400, "Invalid path parameter", name + ": " + rule, uri.getPath(),
                Map.of("violations", List.of(Map.of("field", name, "message", rule)))).build();
    }
}

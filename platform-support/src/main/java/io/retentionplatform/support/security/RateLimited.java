package io.retentionplatform.support.security;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a REST operation whose calls are counted per caller (API key or user) against a named limit of
 * {@code platform.rate-limits.<name>}: ingest, and operations that are expensive for the service (OWASP API4).
 * A caller over the limit gets 429 problem+json with {@code Retry-After}.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ ElementType.METHOD, ElementType.TYPE })
public @interface RateLimited {

    /** The limit's name in configuration, for example {@code ingest} or {@code expensive}. */
    String value();
}

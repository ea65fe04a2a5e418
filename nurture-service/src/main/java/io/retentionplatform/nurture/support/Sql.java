package io.retentionplatform.nurture.support;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import io.smallrye.mutiny.Uni;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Native SQL with positional parameters ({@code ?1}, {@code ?2}; {@code ?1::} would be read as a named parameter, so
 * casts are written {@code CAST(?1 AS text[])}). Many rows are written with one statement whose parameters are one
 * array per column, through {@code unnest}: a handful of parameters however many rows.
 */
public final class Sql {

    private Sql() {
    }

    public static Uni<Integer> execute(Mutiny.Session session, String sql, Object... parameters) {
        var query = session.createNativeQuery(sql);
        for (int i = 0; i < parameters.length; i++) {
            query.setParameter(i + 1, parameters[i]);
        }
        return query.executeUpdate();
    }

    public static Uni<List<Object[]>> rows(Mutiny.Session session, String sql, Object... parameters) {
        var query = session.createNativeQuery(sql, Object[].class);
        for (int i = 0; i < parameters.length; i++) {
            query.setParameter(i + 1, parameters[i]);
        }
        return query.getResultList();
    }

    /** A timestamptz parameter. */
    public static OffsetDateTime at(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    /** A timestamptz column as read back by the reactive driver. */
    public static Instant instant(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof OffsetDateTime odt) {
            return odt.toInstant();
        }
        if (value instanceof java.time.LocalDateTime ldt) {
            return ldt.toInstant(ZoneOffset.UTC);
        }
        if (value instanceof Instant i) {
            return i;
        }
        if (value instanceof java.sql.Timestamp ts) {
            return ts.toInstant();
        }
        throw new IllegalArgumentException("Not a timestamp: " + value.getClass());
    }

    public static Integer integer(Object value) {
        return value == null ? null : ((Number) value).intValue();
    }

    public static Long number(Object value) {
        return value == null ? null : ((Number) value).longValue();
    }
}

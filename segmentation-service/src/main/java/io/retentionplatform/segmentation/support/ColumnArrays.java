package io.retentionplatform.segmentation.support;

import io.smallrye.mutiny.Uni;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Writes many rows with one statement whose parameters are one array per column ({@code ... SELECT * FROM
 * unnest(CAST(?1 AS text[]), CAST(?2 AS bigint[]))}; {@code ?1::} would be read as a
 * named parameter): a handful of parameters however many rows, where binding one parameter per value
 * costs more than the write itself at portfolio scale.
 */
public final class ColumnArrays {

    private ColumnArrays() {
    }

    /** Runs {@code sql} with each array bound to its positional parameter ({@code ?1}, {@code ?2}, ...). */
    public static Uni<Integer> execute(Mutiny.Session session, String sql, Object... columns) {
        var query = session.createNativeQuery(sql);
        for (int i = 0; i < columns.length; i++) {
            query.setParameter(i + 1, columns[i]);
        }
        return query.executeUpdate();
    }
}

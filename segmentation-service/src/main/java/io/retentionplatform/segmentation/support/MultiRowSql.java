package io.retentionplatform.segmentation.support;

import java.util.ArrayList;
import java.util.List;

import io.smallrye.mutiny.Uni;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Writes many rows with one statement per chunk ({@code INSERT ... VALUES (..),(..)}): one round trip for hundreds of
 * rows, where a statement per row would make a portfolio-wide re-evaluation wait on the network for each.
 */
public final class MultiRowSql {

    private static final int MAX_PARAMETERS = 30_000;

    private MultiRowSql() {
    }

    /**
     * Runs {@code prefix + " VALUES (?,..),(?,..) " + suffix} for the rows, chunked; each row holds one value per
     * placeholder of {@code rowTemplate} (for example {@code "(?, ?, ?::bigint)"}). Returns the rows affected.
     */
    public static Uni<Integer> execute(Mutiny.Session session, String prefix, String rowTemplate, String suffix,
            List<Object[]> rows) {
        if (rows.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        int perRow = rows.get(0).length;
        int chunk = Math.max(1, MAX_PARAMETERS / perRow);
        Uni<Integer> total = Uni.createFrom().item(0);
        for (int from = 0; from < rows.size(); from += chunk) {
            List<Object[]> part = rows.subList(from, Math.min(rows.size(), from + chunk));
            total = total.chain(sum -> run(session, prefix, rowTemplate, suffix, part).map(n -> sum + n));
        }
        return total;
    }

    private static Uni<Integer> run(Mutiny.Session session, String prefix, String rowTemplate, String suffix, List<Object[]> rows) {
        StringBuilder sql = new StringBuilder(prefix).append(" VALUES ");
        List<Object> values = new ArrayList<>();
        int position = 1;
        for (int r = 0; r < rows.size(); r++) {
            if (r > 0) {
                sql.append(',');
            }
            StringBuilder row = new StringBuilder();
            for (char c : rowTemplate.toCharArray()) {
                if (c == '?') {
                    row.append('?').append(position++);
                } else {
                    row.append(c);
                }
            }
            sql.append(row);
            values.addAll(java.util.Arrays.asList(rows.get(r)));
        }
        sql.append(' ').append(suffix);
        var query = session.createNativeQuery(sql.toString());
        for (int i = 0; i < values.size(); i++) {
            query.setParameter(i + 1, values.get(i));
        }
        return query.executeUpdate();
    }
}

package io.retentionplatform.scoring.churn;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads labelled account feature rows from a CSV file, for teams whose history lives elsewhere (scoring-service's
 * README, "CSV import", documents the format). Header-mapped: the first line names the columns, in any order.
 * <ul>
 * <li>{@code account_id}, {@code cutoff} (an ISO date, the end of that day UTC, or an ISO instant) and {@code churned}
 * ({@code 1}/{@code 0}, {@code true}/{@code false}, {@code yes}/{@code no}) are required;</li>
 * <li>every other column named like a platform feature ({@link ChurnFeature#columns()}) is a feature, a number; at
 * least one is required. {@code health_score}, when present, is also the baseline the model is compared with;</li>
 * <li>other columns are ignored and listed in the result.</li>
 * </ul>
 * One row per account and cut-off. A row with a problem is skipped and reported with its line and column; the rest
 * are imported. Values may be double-quoted (a quote inside doubled), as spreadsheets write them.
 */
public final class ChurnCsvImport {

    public static final int MAX_ROWS = 200_000;
    static final Set<String> REQUIRED = Set.of("account_id", "cutoff", "churned");

    /** A problem with one row (line 1 is the header) or with the header itself (line 1). */
    public record RowError(int line, String field, String message) {
    }

    /** What the file gave: the features found, the rows read, the rows refused and the columns ignored. */
    public record Result(List<String> features, List<FeatureSnapshot> rows, List<RowError> errors,
            List<String> ignoredColumns) {
    }

    public static Result read(Reader input) throws IOException {
        BufferedReader reader = new BufferedReader(input);
        String headerLine = reader.readLine();
        List<RowError> errors = new ArrayList<>();
        if (headerLine == null || headerLine.isBlank()) {
            errors.add(new RowError(1, "header", "the file is empty; the first line must name the columns"));
            return new Result(List.of(), List.of(), errors, List.of());
        }
        List<String> header = split(headerLine.replace("\uFEFF", ""));
        Map<String, Integer> index = new HashMap<>();
        List<String> features = new ArrayList<>();
        List<Integer> featureColumns = new ArrayList<>();
        List<String> ignored = new ArrayList<>();
        for (int i = 0; i < header.size(); i++) {
            String name = header.get(i).trim().toLowerCase(Locale.ROOT);
            if (index.putIfAbsent(name, i) != null) {
                errors.add(new RowError(1, name, "the column appears twice"));
            } else if (ChurnFeature.byColumn(name).isPresent()) {
                features.add(name);
                featureColumns.add(i);
            } else if (!REQUIRED.contains(name)) {
                ignored.add(name);
            }
        }
        for (String required : List.of("account_id", "cutoff", "churned")) {
            if (!index.containsKey(required)) {
                errors.add(new RowError(1, required, "required column missing"));
            }
        }
        if (features.isEmpty()) {
            errors.add(new RowError(1, "header", "no feature column; known features: " + String.join(", ", ChurnFeature.columns())));
        }
        if (!errors.isEmpty()) {
            return new Result(features, List.of(), errors, ignored);
        }
        Integer healthColumn = index.get(ChurnFeature.HEALTH_SCORE.column());
        List<FeatureSnapshot> rows = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        String line;
        int lineNumber = 1;
        while ((line = reader.readLine()) != null) {
            lineNumber++;
            if (line.isBlank()) {
                continue;
            }
            if (rows.size() >= MAX_ROWS) {
                errors.add(new RowError(lineNumber, "file", "more than " + MAX_ROWS + " rows; the rest is not read"));
                break;
            }
            List<String> cells = split(line);
            if (cells.size() != header.size()) {
                errors.add(new RowError(lineNumber, "row", "has " + cells.size() + " values, the header " + header.size()));
                continue;
            }
            int before = errors.size();
            String account = cells.get(index.get("account_id")).trim();
            if (account.isEmpty()) {
                errors.add(new RowError(lineNumber, "account_id", "must not be empty"));
            }
            Instant cutoff = cutoff(cells.get(index.get("cutoff")).trim(), lineNumber, errors);
            Boolean churned = label(cells.get(index.get("churned")).trim(), lineNumber, errors);
            double[] values = new double[features.size()];
            for (int f = 0; f < features.size(); f++) {
                String cell = cells.get(featureColumns.get(f)).trim();
                try {
                    values[f] = Double.parseDouble(cell);
                    if (!Double.isFinite(values[f])) {
                        throw new NumberFormatException();
                    }
                } catch (NumberFormatException notANumber) {
                    errors.add(new RowError(lineNumber, features.get(f), "must be a number, got '" + shorten(cell) + "'"));
                }
            }
            if (errors.size() == before && !seen.add(account + "|" + cutoff)) {
                errors.add(new RowError(lineNumber, "cutoff", "a second row for account " + shorten(account) + " at this cut-off"));
            }
            if (errors.size() == before) {
                Integer health = healthColumn == null ? null : (int) Math.round(values[features.indexOf("health_score")]);
                rows.add(new FeatureSnapshot(account, cutoff, values, health, churned));
            }
        }
        return new Result(List.copyOf(features), rows, errors, ignored);
    }

    private static Instant cutoff(String cell, int line, List<RowError> errors) {
        try {
            return cell.contains("T") ? Instant.parse(cell)
                    : LocalDate.parse(cell).plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().minusMillis(1);
        } catch (DateTimeParseException e) {
            errors.add(new RowError(line, "cutoff", "must be an ISO date (2026-01-31) or instant, got '" + shorten(cell) + "'"));
            return null;
        }
    }

    private static Boolean label(String cell, int line, List<RowError> errors) {
        switch (cell.toLowerCase(Locale.ROOT)) {
            case "1", "true", "yes":
                return true;
            case "0", "false", "no":
                return false;
            default:
                errors.add(new RowError(line, "churned", "must be 1/0, true/false or yes/no, got '" + shorten(cell) + "'"));
                return null;
        }
    }

    /** Splits one CSV line: commas, optional double quotes around a value, a doubled quote inside one. */
    static List<String> split(String line) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cell.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                cells.add(cell.toString());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        cells.add(cell.toString());
        return cells;
    }

    private static String shorten(String value) {
        return value.length() > 40 ? value.substring(0, 40) + "..." : value;
    }
}

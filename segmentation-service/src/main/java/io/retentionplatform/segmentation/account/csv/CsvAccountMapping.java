package io.retentionplatform.segmentation.account.csv;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import io.retentionplatform.segmentation.account.AccountInput;

/**
 * How the columns of a CRM export map to account fields: by header name, case- and space-insensitive, with the
 * default names below (those of common CRM exports) unless the caller names the header for a field. Plain Java.
 */
public final class CsvAccountMapping {

    /** The account fields a column can fill, with the headers recognised by default. */
    public enum Column {
        ID("id", true, "account id", "accountid", "account_id", "id", "crm id"),
        NAME("name", true, "account name", "name", "company", "company name"),
        INDUSTRY("industry", true, "industry", "sector", "vertical"),
        PLAN_TIER("planTier", true, "plan", "plan tier", "plan_tier", "tier", "subscription tier"),
        ENTITLED_FEATURES("entitledFeatures", false, "entitled features", "entitled_features", "features"),
        ARR("arr", true, "arr", "annual recurring revenue", "annual_recurring_revenue"),
        CURRENCY("currency", false, "currency", "currency code"),
        CONTRACT_START("contractStart", false, "contract start", "contract_start", "contract start date", "customer since"),
        RENEWAL_DATE("renewalDate", false, "renewal date", "renewal_date", "renewal", "contract end date"),
        OWNER("owner", false, "account owner", "owner", "csm", "customer success manager"),
        ARR_EFFECTIVE_DATE("arrEffectiveDate", false, "arr effective date", "arr_effective_date");

        final String field;
        final boolean required;
        final List<String> defaultHeaders;

        Column(String field, boolean required, String... defaultHeaders) {
            this.field = field;
            this.required = required;
            this.defaultHeaders = Arrays.asList(defaultHeaders);
        }

        public String field() {
            return field;
        }

        public static Optional<Column> byField(String field) {
            return Arrays.stream(values()).filter(c -> c.field.equals(field)).findFirst();
        }
    }

    /** One problem with one cell (or the row), by 1-based line number of the file and header name. */
    public record CellError(long line, String column, String field, String message) {
    }

    /** A row turned into an account, or the reasons it could not be. */
    public record RowResult(long line, String id, AccountInput input, List<CellError> errors) {
    }

    private static final Pattern THOUSANDS = Pattern.compile("^\\d{1,3}(,\\d{3})+(\\.\\d+)?$");

    private final Map<Column, Integer> indexByColumn;
    private final Map<Column, String> headerByColumn;

    private CsvAccountMapping(Map<Column, Integer> indexByColumn, Map<Column, String> headerByColumn) {
        this.indexByColumn = indexByColumn;
        this.headerByColumn = headerByColumn;
    }

    /**
     * Maps the file's headers. {@code overrides} is field name -> header (e.g. {@code arr -> "Annual Revenue"}).
     * Problems (a required column missing, an override naming no header) are returned, not thrown.
     */
    public static CsvAccountMapping of(List<String> headers, Map<String, String> overrides, List<String> problems) {
        Map<String, Integer> position = new LinkedHashMap<>();
        for (int i = 0; i < headers.size(); i++) {
            position.putIfAbsent(normalise(headers.get(i)), i);
        }
        Map<Column, Integer> index = new LinkedHashMap<>();
        Map<Column, String> names = new LinkedHashMap<>();
        overrides.forEach((field, header) -> {
            Optional<Column> column = Column.byField(field);
            if (column.isEmpty()) {
                problems.add("map." + field + ": unknown field; fields are "
                        + Arrays.stream(Column.values()).map(Column::field).toList());
            } else if (!position.containsKey(normalise(header))) {
                problems.add("map." + field + ": the file has no column '" + header + "'");
            } else {
                index.put(column.get(), position.get(normalise(header)));
                names.put(column.get(), headers.get(position.get(normalise(header))));
            }
        });
        for (Column column : Column.values()) {
            if (index.containsKey(column)) {
                continue;
            }
            column.defaultHeaders.stream().filter(h -> position.containsKey(normalise(h))).findFirst().ifPresent(h -> {
                index.put(column, position.get(normalise(h)));
                names.put(column, headers.get(position.get(normalise(h))));
            });
            if (column.required && !index.containsKey(column)) {
                problems.add("missing column for " + column.field + ": expected one of " + column.defaultHeaders
                        + " or map." + column.field + "=<header>");
            }
        }
        return new CsvAccountMapping(index, names);
    }

    public Map<Column, String> headers() {
        return headerByColumn;
    }

    /** Reads one data row; {@code line} is its line number in the file. */
    public RowResult read(long line, List<String> cells) {
        List<CellError> errors = new ArrayList<>();
        String id = text(cells, Column.ID);
        String industry = industry(text(cells, Column.INDUSTRY));
        BigDecimal arr = number(line, cells, Column.ARR, errors);
        LocalDate contractStart = date(line, cells, Column.CONTRACT_START, errors);
        LocalDate renewal = date(line, cells, Column.RENEWAL_DATE, errors);
        LocalDate arrEffective = date(line, cells, Column.ARR_EFFECTIVE_DATE, errors);
        String features = text(cells, Column.ENTITLED_FEATURES);
        List<String> featureList = features == null ? List.of()
                : Arrays.stream(features.split("[;|]")).map(String::trim).filter(s -> !s.isEmpty())
                        .map(s -> s.toLowerCase(Locale.ROOT).replace(' ', '-')).toList();
        String currency = text(cells, Column.CURRENCY);
        AccountInput input = new AccountInput(text(cells, Column.NAME), industry, text(cells, Column.PLAN_TIER), featureList,
                arr, currency == null ? null : currency.toUpperCase(Locale.ROOT), contractStart, renewal, text(cells, Column.OWNER),
                arrEffective);
        return new RowResult(line, id, input, errors);
    }

    /** The column header a field came from, for error messages. */
    public String headerOf(String field) {
        return Column.byField(field).map(headerByColumn::get).orElse(field);
    }

    /** CRM industry labels to the platform's four (anything unrecognised is {@code other}). */
    static String industry(String value) {
        if (value == null) {
            return null;
        }
        String v = value.trim().toLowerCase(Locale.ROOT).replaceAll("[^a-z]+", " ").trim();
        return switch (v) {
            case "saas", "software", "software as a service", "software saas" -> "saas";
            case "professional services", "professional_services", "consulting", "services", "advisory" -> "professional_services";
            case "manufacturing", "industrial", "industry", "manufacturing industry" -> "manufacturing";
            default -> v.replace(' ', '_').equals("professional_services") ? "professional_services" : "other";
        };
    }

    private String text(List<String> cells, Column column) {
        Integer i = indexByColumn.get(column);
        if (i == null || i >= cells.size()) {
            return null;
        }
        String value = cells.get(i).trim();
        return value.isEmpty() ? null : value;
    }

    private BigDecimal number(long line, List<String> cells, Column column, List<CellError> errors) {
        String value = text(cells, column);
        if (value == null) {
            return null;
        }
        String plain = value.replace(" ", "").replace("_", "");
        if (THOUSANDS.matcher(plain).matches()) {
            plain = plain.replace(",", "");
        }
        try {
            return new BigDecimal(plain);
        } catch (NumberFormatException e) {
            errors.add(new CellError(line, headerByColumn.get(column), column.field, "'" + value + "' is not a number"));
            return null;
        }
    }

    private LocalDate date(long line, List<String> cells, Column column, List<CellError> errors) {
        String value = text(cells, column);
        if (value == null) {
            return null;
        }
        try {
            return LocalDate.parse(value.length() > 10 && value.charAt(10) == 'T' ? value.substring(0, 10) : value);
        } catch (DateTimeParseException e) {
            errors.add(new CellError(line, headerByColumn.get(column), column.field, "'" + value + "' is not a date yyyy-MM-dd"));
            return null;
        }
    }

    static String normalise(String header) {
        return header == null ? "" : header.replace("\uFEFF", "").trim().toLowerCase(Locale.ROOT).replaceAll("[\\s_]+", " ");
    }
}

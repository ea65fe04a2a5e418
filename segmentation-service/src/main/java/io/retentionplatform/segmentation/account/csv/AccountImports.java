package io.retentionplatform.segmentation.account.csv;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.retentionplatform.segmentation.account.AccountService;
import io.retentionplatform.segmentation.account.AccountValidation;
import io.retentionplatform.segmentation.config.SegmentationConfig;
import io.retentionplatform.support.problem.InvalidInput;
import io.retentionplatform.support.reactive.SafeVertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.jboss.logging.Logger;

/**
 * Imports a CRM export: every row is read and checked first (a bad cell is reported with its line and column, and
 * only its row is skipped), then the valid rows are upserted a batch per transaction, with the progress stored after
 * each batch. Unchanged rows change nothing, so importing the same file twice is harmless.
 */
@ApplicationScoped
public class AccountImports {

    private static final Logger LOG = Logger.getLogger(AccountImports.class);
    /** Errors kept in the report; the counts are always complete. */
    static final int MAX_ERRORS_KEPT = 1000;

    private final AccountService accounts;
    private final AccountValidation validation;
    private final SegmentationConfig config;
    private final ObjectMapper json;
    private final Vertx vertx;
    private final Clock clock;

    public AccountImports(AccountService accounts, AccountValidation validation, SegmentationConfig config, ObjectMapper json,
            Vertx vertx, Clock clock) {
        this.accounts = accounts;
        this.validation = validation;
        this.config = config;
        this.json = json;
        this.vertx = vertx;
        this.clock = clock;
    }

    /** A file read and checked, ready to apply. */
    public record Prepared(AccountImport job, List<AccountService.AccountRecord> valid, List<CsvAccountMapping.CellError> errors) {
    }

    /** Reads and checks the file; a file that cannot be read at all (no header, a required column missing) is a 400. */
    public Prepared prepare(String body, Map<String, String> overrides, char delimiter) {
        if (body == null || body.isBlank()) {
            throw InvalidInput.field("body", "a CSV file with a header line is required");
        }
        List<CsvAccountMapping.CellError> errors = new ArrayList<>();
        List<AccountService.AccountRecord> valid = new ArrayList<>();
        Map<String, Long> firstLineById = new HashMap<>();
        int rows = 0;
        CSVFormat format = CSVFormat.RFC4180.builder().setDelimiter(delimiter).setIgnoreEmptyLines(true).build();
        try (CSVParser parser = CSVParser.parse(new StringReader(body), format)) {
            CsvAccountMapping mapping = null;
            for (CSVRecord record : parser) {
                if (mapping == null) {
                    List<String> problems = new ArrayList<>();
                    mapping = CsvAccountMapping.of(record.toList(), overrides, problems);
                    if (!problems.isEmpty()) {
                        throw InvalidInput.of("The CSV header cannot be mapped",
                                problems.stream().map(p -> new InvalidInput.Violation("header", p)).toList());
                    }
                    continue;
                }
                rows++;
                if (rows > config.csvImport().maxRows()) {
                    throw InvalidInput.problem(413, "File too large", List.of(new InvalidInput.Violation("body",
                            "at most " + config.csvImport().maxRows() + " rows per import")));
                }
                long line = parser.getCurrentLineNumber();
                CsvAccountMapping.RowResult row = mapping.read(line, record.toList());
                List<CsvAccountMapping.CellError> rowErrors = new ArrayList<>(row.errors());
                if (rowErrors.isEmpty()) {
                    for (InvalidInput.Violation v : validation.check(row.id(), row.input())) {
                        String field = v.field().replaceAll("\\[\\d+]$", "");
                        rowErrors.add(new CsvAccountMapping.CellError(line, mapping.headerOf(field), field, v.message()));
                    }
                }
                if (rowErrors.isEmpty() && firstLineById.containsKey(row.id())) {
                    rowErrors.add(new CsvAccountMapping.CellError(line, mapping.headerOf("id"), "id",
                            "account " + row.id() + " appears before, on line " + firstLineById.get(row.id())));
                }
                if (rowErrors.isEmpty()) {
                    firstLineById.put(row.id(), line);
                    valid.add(new AccountService.AccountRecord(row.id(), row.input()));
                } else {
                    errors.addAll(rowErrors);
                }
            }
            if (mapping == null) {
                throw InvalidInput.field("body", "a CSV file with a header line is required");
            }
        } catch (IOException | java.io.UncheckedIOException | IllegalStateException e) {
            throw InvalidInput.field("body", "not readable as CSV: " + e.getMessage());
        }
        AccountImport job = new AccountImport();
        job.importId = UUID.randomUUID().toString();
        job.state = "running";
        job.fileSha256 = sha256(body);
        job.totalRows = rows;
        job.rejected = rows - valid.size();
        job.errorsJson = toJson(errors.size() > MAX_ERRORS_KEPT ? errors.subList(0, MAX_ERRORS_KEPT) : errors);
        job.startedAt = clock.instant();
        return new Prepared(job, valid, errors);
    }

    /** Stores the job, then applies the valid rows batch by batch; the returned Uni completes when all are applied. */
    public Uni<AccountImport> run(Prepared prepared) {
        AccountImport job = prepared.job();
        job.processedRows = job.rejected;
        return Panache.withTransaction(() -> Panache.getSession().chain(session -> session.persist(job)))
                .chain(() -> batches(prepared, 0))
                .chain(() -> finish(job, "done"))
                .onFailure().call(failure -> {
                    LOG.errorf(failure, "Import %s failed", job.importId);
                    return finish(job, "failed");
                });
    }

    /** Runs the import in the background (on its own Vert.x context); progress is read with {@link #find}. */
    public void runInBackground(Prepared prepared) {
        SafeVertxContext.run(vertx, () -> run(prepared)).subscribe().with(done -> {
        }, failure -> LOG.errorf("Import %s did not complete: %s", prepared.job().importId, failure.getMessage()));
    }

    public Uni<AccountImport> find(String importId) {
        return Panache.withSession(() -> Panache.getSession().chain(session -> session.find(AccountImport.class, importId)));
    }

    private Uni<Void> batches(Prepared prepared, int from) {
        List<AccountService.AccountRecord> valid = prepared.valid();
        if (from >= valid.size()) {
            return Uni.createFrom().voidItem();
        }
        List<AccountService.AccountRecord> batch = valid.subList(from, Math.min(valid.size(), from + config.csvImport().batchSize()));
        AccountImport job = prepared.job();
        return Panache.withTransaction(() -> accounts.upsertAll(batch, "import").chain(outcomes -> {
                    for (AccountService.Outcome o : outcomes) {
                        switch (o) {
                            case CREATED -> job.created++;
                            case UPDATED -> job.updated++;
                            case UNCHANGED -> job.unchanged++;
                        }
                    }
                    job.processedRows += batch.size();
                    return progress(job);
                }))
                .chain(() -> batches(prepared, from + batch.size()));
    }

    private Uni<Void> progress(AccountImport job) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "UPDATE account_import SET processed_rows = :p, created = :c, updated = :u, unchanged = :n "
                                + "WHERE import_id = :id")
                .setParameter("p", job.processedRows).setParameter("c", job.created).setParameter("u", job.updated)
                .setParameter("n", job.unchanged).setParameter("id", job.importId).executeUpdate()).replaceWithVoid();
    }

    private Uni<AccountImport> finish(AccountImport job, String state) {
        job.state = state;
        job.finishedAt = clock.instant();
        return Panache.withTransaction(() -> Panache.getSession().chain(session -> session.merge(job)));
    }

    private String toJson(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String sha256(String body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

}

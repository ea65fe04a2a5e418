package io.retentionplatform.segmentation.account.csv;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One CSV import: its progress and outcome, with the per-row errors as JSON. */
@Entity
@Table(name = "account_import")
public class AccountImport {

    @Id
    @Column(name = "import_id")
    public String importId;
    public String state;
    @Column(name = "file_sha256")
    public String fileSha256;
    @Column(name = "total_rows")
    public int totalRows;
    @Column(name = "processed_rows")
    public int processedRows;
    public int created;
    public int updated;
    public int unchanged;
    public int rejected;
    @Column(name = "errors_json")
    public String errorsJson;
    @Column(name = "started_at")
    public Instant startedAt;
    @Column(name = "finished_at")
    public Instant finishedAt;
}

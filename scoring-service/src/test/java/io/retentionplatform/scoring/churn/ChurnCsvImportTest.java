package io.retentionplatform.scoring.churn;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;

import org.junit.jupiter.api.Test;

/** The CSV import: header-mapped columns, per-row errors naming line and column. */
class ChurnCsvImportTest {

    @Test
    void readsRowsByHeaderAndReportsEachBadRow() throws Exception {
        String csv = """
                cutoff,account_id,churned,days_since_human_contact,health_score,"days_to_renewal",crm_notes
                2025-01-31,acme,0,12,81,200,fine
                2025-01-31,globex,yes,140,35,41,"quiet, very"
                2025-02-28,acme,maybe,10,80,170,x
                2025-02-28,initech,1,abc,50,30,x
                2025-02-28,acme,0,11,80,170,x
                31/03/2025,acme,0,11,80,170,x
                2025-01-31,acme,1,1,1,1,x
                2025-03-31,umbrella,0,5
                """;
        ChurnCsvImport.Result result = ChurnCsvImport.read(new StringReader(csv));

        assertThat(result.features()).containsExactly("days_since_human_contact", "health_score", "days_to_renewal");
        assertThat(result.ignoredColumns()).containsExactly("crm_notes");
        assertThat(result.rows()).extracting(FeatureSnapshot::accountId).containsExactly("acme", "globex", "acme");
        assertThat(result.rows().get(1).churned()).isTrue();
        assertThat(result.rows().get(1).values()).containsExactly(140, 35, 41);
        assertThat(result.rows().get(1).healthScore()).isEqualTo(35);
        assertThat(result.errors()).containsExactly(
                new ChurnCsvImport.RowError(4, "churned", "must be 1/0, true/false or yes/no, got 'maybe'"),
                new ChurnCsvImport.RowError(5, "days_since_human_contact", "must be a number, got 'abc'"),
                new ChurnCsvImport.RowError(7, "cutoff", "must be an ISO date (2026-01-31) or instant, got '31/03/2025'"),
                new ChurnCsvImport.RowError(8, "cutoff", "a second row for account acme at this cut-off"),
                new ChurnCsvImport.RowError(9, "row", "has 4 values, the header 7"));
    }

    @Test
    void aHeaderWithoutTheRequiredColumnsOrAnyFeatureIsRefusedWhole() throws Exception {
        ChurnCsvImport.Result result = ChurnCsvImport.read(new StringReader("account_id,label,notes\nacme,1,x\n"));
        assertThat(result.rows()).isEmpty();
        assertThat(result.errors()).extracting(ChurnCsvImport.RowError::field).containsExactly("cutoff", "churned", "header");
    }
}

package io.retentionplatform.segmentation.account.csv;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.retentionplatform.support.problem.InvalidInput;
import io.retentionplatform.support.security.RateLimited;
import io.retentionplatform.support.security.Roles;
import io.smallrye.mutiny.Uni;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** CSV imports of CRM exports, with progress and per-row errors (line and column). */
@Path("/accounts/imports")
@Tag(name = "Accounts")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.VIEWER)
public class AccountImportResource {

    private final AccountImports imports;
    private final ObjectMapper json;

    public AccountImportResource(AccountImports imports, ObjectMapper json) {
        this.imports = imports;
        this.json = json;
    }

    /** An import's state ({@code running}, {@code done}, {@code failed}), counts and the first 1,000 row errors. */
    public record ImportView(String importId, String state, String fileSha256, int totalRows, int processedRows, int created,
            int updated, int unchanged, int rejected, List<CsvAccountMapping.CellError> errors, Instant startedAt,
            Instant finishedAt) {
    }

    @POST
    @RolesAllowed(Roles.MANAGER)
    @RateLimited("expensive")
    @Consumes({"text/csv", MediaType.TEXT_PLAIN})
    @Operation(summary = "Import a CRM export (CSV with a header line). Columns map by header name (see the README) or by "
            + "map.<field>=<header> query parameters. 202 with the import's progress URL, or 200 with the report when wait=true")
    public Uni<Response> start(String body, @QueryParam("wait") @DefaultValue("false") boolean wait,
            @QueryParam("delimiter") @DefaultValue(",") String delimiter, @Context UriInfo uri) {
        if (delimiter.length() != 1) {
            throw InvalidInput.field("delimiter", "must be one character");
        }
        Map<String, String> overrides = new LinkedHashMap<>();
        uri.getQueryParameters().forEach((name, values) -> {
            if (name.startsWith("map.") && !values.isEmpty()) {
                overrides.put(name.substring(4), values.get(0));
            }
        });
        AccountImports.Prepared prepared = imports.prepare(body, overrides, delimiter.charAt(0));
        if (wait) {
            return imports.run(prepared).map(job -> Response.ok(view(job)).build());
        }
        imports.runInBackground(prepared);
        return Uni.createFrom().item(Response.accepted(view(prepared.job()))
                .location(uri.getBaseUriBuilder().path("accounts/imports/" + prepared.job().importId).build()).build());
    }

    @GET
    @Path("/{importId}")
    @Operation(summary = "An import's progress and report")
    public Uni<ImportView> status(@PathParam("importId") String importId) {
        return imports.find(importId).map(job -> {
            if (job == null) {
                throw InvalidInput.notFound("No import " + importId);
            }
            return view(job);
        });
    }

    private ImportView view(AccountImport job) {
        List<CsvAccountMapping.CellError> errors;
        try {
            errors = json.readValue(job.errorsJson, new TypeReference<>() {
            });
        } catch (JsonProcessingException e) {
            errors = List.of();
        }
        return new ImportView(job.importId, job.state, job.fileSha256, job.totalRows, job.processedRows, job.created,
                job.updated, job.unchanged, job.rejected, errors, job.startedAt, job.finishedAt);
    }
}

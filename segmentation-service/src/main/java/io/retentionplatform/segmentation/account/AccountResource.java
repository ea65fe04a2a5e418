package io.retentionplatform.segmentation.account;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.retentionplatform.segmentation.arr.ArrChanges;
import io.retentionplatform.segmentation.arr.ArrMovementStore;
import io.retentionplatform.segmentation.kpi.MovementKind;
import io.retentionplatform.segmentation.membership.MembershipQueries;
import io.retentionplatform.support.problem.InvalidInput;
import io.retentionplatform.support.security.Roles;
import io.smallrye.mutiny.Uni;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Accounts: CRM upserts, their health and quadrant, their ARR ledger and their segment history. */
@Path("/accounts")
@Tag(name = "Accounts")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.VIEWER)
public class AccountResource {

    static final int MAX_PAGE_SIZE = 500;
    static final int MAX_BATCH = 1000;

    private final AccountService service;
    private final AccountValidation validation;
    private final ArrMovementStore movements;
    private final ArrChanges arrChanges;
    private final Clock clock;

    public AccountResource(AccountService service, AccountValidation validation, ArrMovementStore movements,
            ArrChanges arrChanges, Clock clock) {
        this.service = service;
        this.validation = validation;
        this.movements = movements;
        this.arrChanges = arrChanges;
        this.clock = clock;
    }

    public record BatchInput(@NotNull @Size(max = MAX_BATCH) List<BatchItem> accounts) {
    }

    /** One account of a batch: the id with the CRM fields. */
    public record BatchItem(String id, String name, String industry, String planTier, List<String> entitledFeatures,
            BigDecimal arr, String currency, LocalDate contractStart, LocalDate renewalDate, String owner,
            LocalDate arrEffectiveDate) {
        AccountInput input() {
            return new AccountInput(name, industry, planTier, entitledFeatures, arr, currency, contractStart, renewalDate,
                    owner, arrEffectiveDate);
        }
    }

    public record BatchRejection(int index, String id, List<InvalidInput.Violation> violations) {
    }

    public record BatchResult(int created, int updated, int unchanged, List<BatchRejection> rejected) {
    }

    /** A movement posted by hand or by a billing system; {@code id} makes a retry harmless. */
    public record MovementInput(@Size(max = 120) String id,
            @NotNull @Pattern(regexp = "new|expansion|contraction|churn|reactivation|renewal",
                    message = "must be one of new, expansion, contraction, churn, reactivation, renewal") String kind,
            @DecimalMin("0") BigDecimal amount, @Pattern(regexp = "[A-Z]{3}") String currency, @NotNull LocalDate effectiveDate,
            LocalDate renewalDate, @Size(max = 500) String note) {
    }

    public record ArrAt(String accountId, LocalDate date, BigDecimal arr, String currency) {
    }

    /** The orders {@code GET /accounts} can sort by: wire name to column (nulls last either way). */
    static final Map<String, String> SORTS = Map.of("id", "a.account_id", "arr", "a.arr", "health", "a.health_score",
            "renewal", "a.renewal_date", "silent_days", "a.last_human_contact_at", "name", "a.name");

    @GET
    @WithSession
    @Operation(summary = "Accounts, a page at a time, filtered and sorted; every filter is optional and they combine "
            + "with AND")
    public Uni<List<AccountView>> accounts(@QueryParam("page") @DefaultValue("0") int page,
            @QueryParam("size") @DefaultValue("100") int size,
            @QueryParam("offset") @jakarta.validation.constraints.Min(0) Integer offset,
            @QueryParam("quadrant") String quadrant, @QueryParam("industry") String industry,
            @QueryParam("owner") String owner, @QueryParam("band") String band, @QueryParam("segment") String segment,
            @QueryParam("renewalWithinDays") @jakarta.validation.constraints.Min(0) @jakarta.validation.constraints.Max(3650)
            Integer renewalWithinDays,
            @QueryParam("minSilentDays") @jakarta.validation.constraints.Min(0) @jakarta.validation.constraints.Max(3650)
            Integer minSilentDays,
            @QueryParam("satisfactionTrap") Boolean satisfactionTrap,
            @QueryParam("expansionEligible") Boolean expansionEligible,
            @QueryParam("sort") @DefaultValue("id") String sort, @QueryParam("descending") @DefaultValue("false") boolean descending) {
        InvalidInput.checkPage(page, size, MAX_PAGE_SIZE);
        String orderColumn = SORTS.get(sort);
        if (orderColumn == null) {
            throw InvalidInput.field("sort", "must be one of " + new java.util.TreeSet<>(SORTS.keySet()));
        }
        if (band != null && !List.of("healthy", "watch", "at_risk").contains(band)) {
            throw InvalidInput.field("band", "must be one of healthy, watch, at_risk");
        }
        Instant now = clock.instant();
        StringBuilder where = new StringBuilder("TRUE");
        Map<String, Object> params = new HashMap<>();
        filter(where, params, "a.quadrant = :quadrant", "quadrant", quadrant);
        filter(where, params, "a.industry = :industry", "industry", industry);
        filter(where, params, "a.owner = :owner", "owner", owner);
        filter(where, params, "a.health_band = :band", "band", band);
        filter(where, params, "a.satisfaction_trap = :trap", "trap", satisfactionTrap);
        filter(where, params, "a.expansion_eligible = :eligible", "eligible", expansionEligible);
        filter(where, params, "EXISTS (SELECT 1 FROM segment_membership m WHERE m.account_id = a.account_id "
                + "AND m.segment_id = :segment AND m.left_at IS NULL)", "segment", segment);
        if (renewalWithinDays != null) {
            LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
            where.append(" AND a.renewal_date BETWEEN :today AND :renewalBy");
            params.put("today", today);
            params.put("renewalBy", today.plusDays(renewalWithinDays));
        }
        if (minSilentDays != null) {
            // silent: no human contact for at least this many days, or never (a scored account without any)
            where.append(" AND a.score_version > 0 AND (a.last_human_contact_at IS NULL OR a.last_human_contact_at <= :silentSince)");
            params.put("silentSince", now.minus(java.time.Duration.ofDays(minSilentDays)));
        }
        // Silent days grow as the last contact gets older: its "descending" is the contact's ascending.
        boolean columnDescending = sort.equals("silent_days") != descending;
        String order = orderColumn + (columnDescending ? " DESC" : " ASC") + " NULLS LAST, a.account_id";
        int first = offset != null ? offset : page * size;
        return Panache.getSession().chain(session -> {
            var query = session.createNativeQuery("SELECT a.* FROM account a WHERE " + where + " ORDER BY " + order,
                    Account.class);
            params.forEach(query::setParameter);
            return query.setFirstResult(first).setMaxResults(size).getResultList();
        }).map(list -> list.stream().map(a -> AccountView.of(a, now)).toList());
    }

    /** The current segments of up to {@value #MAX_PAGE_SIZE} accounts at once (for list views). */
    @GET
    @Path("/current-segments")
    @WithSession
    @Operation(summary = "The segments the given accounts are in now, for many accounts in one call (repeat accountId)")
    public Uni<List<MembershipQueries.Stay>> currentSegments(@QueryParam("accountId") List<String> accountIds) {
        if (accountIds == null || accountIds.isEmpty()) {
            throw InvalidInput.field("accountId", "at least one account id is required");
        }
        if (accountIds.size() > MAX_PAGE_SIZE) {
            throw InvalidInput.field("accountId", "at most " + MAX_PAGE_SIZE + " account ids per call");
        }
        return MembershipQueries.currentOf(List.copyOf(new java.util.LinkedHashSet<>(accountIds)));
    }

    private static void filter(StringBuilder where, Map<String, Object> params, String condition, String name, Object value) {
        if (value != null) {
            where.append(" AND ").append(condition);
            params.put(name, value);
        }
    }

    @GET
    @Path("/{accountId}")
    @WithSession
    @Operation(summary = "One account: CRM data, ARR, health and signals, quadrant and flags")
    public Uni<AccountView> account(@PathParam("accountId") String accountId) {
        return find(accountId).map(a -> AccountView.of(a, clock.instant()));
    }

    @PUT
    @RolesAllowed(Roles.MANAGER)
    @Path("/{accountId}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create or update an account from the CRM (201 created, 200 updated or unchanged)")
    public Uni<Response> upsert(@PathParam("accountId") String accountId, AccountInput input) {
        List<InvalidInput.Violation> violations = validation.check(accountId, input);
        if (!violations.isEmpty()) {
            throw InvalidInput.of("Invalid account", violations);
        }
        return Panache.withTransaction(() -> service.upsertAll(List.of(new AccountService.AccountRecord(accountId, input)), "crm"))
                .chain(outcomes -> Panache.withSession(() -> find(accountId)).map(a -> Response
                        .status(outcomes.get(0) == AccountService.Outcome.CREATED ? 201 : 200)
                        .header("X-Upsert-Outcome", outcomes.get(0).name().toLowerCase())
                        .entity(AccountView.of(a, clock.instant())).build()));
    }

    @POST
    @RolesAllowed(Roles.MANAGER)
    @Path("/batch")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Upsert up to 1,000 accounts; invalid ones are rejected by index, the valid ones applied")
    public Uni<BatchResult> batch(BatchInput batch) {
        if (batch == null || batch.accounts() == null) {
            throw InvalidInput.field("accounts", "an array of accounts is required");
        }
        if (batch.accounts().size() > MAX_BATCH) {
            throw InvalidInput.problem(413, "Batch too large", List.of(new InvalidInput.Violation("accounts",
                    "at most " + MAX_BATCH + " accounts per batch, got " + batch.accounts().size())));
        }
        List<BatchRejection> rejected = new ArrayList<>();
        List<AccountService.AccountRecord> valid = new ArrayList<>();
        java.util.Set<String> seen = new HashSet<>();
        for (int i = 0; i < batch.accounts().size(); i++) {
            BatchItem item = batch.accounts().get(i);
            if (item == null) {
                rejected.add(new BatchRejection(i, null, List.of(new InvalidInput.Violation("body", "must not be null"))));
                continue;
            }
            List<InvalidInput.Violation> violations = new ArrayList<>(validation.check(item.id(), item.input()));
            if (item.id() != null && !seen.add(item.id())) {
                violations.add(new InvalidInput.Violation("id", "appears more than once in this batch"));
            }
            if (violations.isEmpty()) {
                valid.add(new AccountService.AccountRecord(item.id(), item.input()));
            } else {
                rejected.add(new BatchRejection(i, item.id(), violations));
            }
        }
        if (valid.isEmpty() && !rejected.isEmpty()) {
            throw InvalidInput.of("Every account of the batch was rejected", rejected.stream()
                    .flatMap(r -> r.violations().stream().map(v -> new InvalidInput.Violation(
                            "accounts[" + r.index() + "]." + v.field(), v.message()))).toList());
        }
        return Panache.withTransaction(() -> service.upsertAll(valid, "crm")).map(outcomes -> new BatchResult(
                count(outcomes, AccountService.Outcome.CREATED), count(outcomes, AccountService.Outcome.UPDATED),
                count(outcomes, AccountService.Outcome.UNCHANGED), rejected));
    }

    @GET
    @Path("/{accountId}/arr")
    @WithSession
    @Operation(summary = "The account's ARR on a date (default today), from its ARR movements")
    public Uni<ArrAt> arrAt(@PathParam("accountId") String accountId, @QueryParam("at") String at) {
        LocalDate date = date("at", at);
        return find(accountId).chain(a -> movements.arrAt(accountId, date).map(arr -> new ArrAt(accountId, date, arr,
                "EUR")));
    }

    @GET
    @Path("/{accountId}/arr-movements")
    @WithSession
    @Operation(summary = "The account's ARR movements (new, expansion, contraction, churn, reactivation, renewal)")
    public Uni<List<ArrMovementStore.RecordedMovement>> arrMovements(@PathParam("accountId") String accountId) {
        return find(accountId).chain(a -> movements.history(accountId));
    }

    @POST
    @RolesAllowed(Roles.MANAGER)
    @Path("/{accountId}/arr-movements")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Record an ARR movement (201; 200 if a movement with this id was recorded before)")
    public Uni<Response> addMovement(@PathParam("accountId") String accountId, MovementInput input) {
        List<InvalidInput.Violation> violations = new ArrayList<>(validation.checkMovement(input));
        if (!violations.isEmpty()) {
            throw InvalidInput.of("Invalid ARR movement", violations);
        }
        MovementKind kind = MovementKind.fromWireName(input.kind()).orElseThrow();
        String ref = input.id() != null ? input.id() : UUID.randomUUID().toString();
        // Existence by count, not by loading the account: ArrChanges must read it fresh, under its row lock.
        return Panache.withTransaction(() -> exists(accountId).chain(a -> arrChanges.record(new ArrChanges.Change(accountId, kind,
                        input.amount(), input.currency(), input.effectiveDate(), input.renewalDate(), "api", ref, input.note()))))
                .map(recorded -> Response.status(recorded ? 201 : 200).entity(Map.of("id", ref, "recorded", recorded)).build());
    }

    @GET
    @Path("/{accountId}/segments")
    @WithSession
    @Operation(summary = "The account's segment stays, current (leftAt null) and past, newest first")
    public Uni<List<MembershipQueries.Stay>> segments(@PathParam("accountId") String accountId,
            @QueryParam("page") @DefaultValue("0") int page, @QueryParam("size") @DefaultValue("100") int size) {
        InvalidInput.checkPage(page, size, MAX_PAGE_SIZE);
        return find(accountId).chain(a -> MembershipQueries.stays("account_id", accountId, page, size));
    }

    private Uni<Boolean> exists(String accountId) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "SELECT count(*) FROM account WHERE account_id = :id", Long.class)
                .setParameter("id", accountId).getSingleResult()).map(n -> {
                    if (n == 0) {
                        throw InvalidInput.notFound("No account " + accountId);
                    }
                    return true;
                });
    }

    private Uni<Account> find(String accountId) {
        return Panache.getSession().chain(session -> session.find(Account.class, accountId)).map(found -> {
            if (found == null) {
                throw InvalidInput.notFound("No account " + accountId);
            }
            return found;
        });
    }

    private LocalDate date(String parameter, String value) {
        if (value == null || value.isBlank()) {
            return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        }
        try {
            return LocalDate.parse(value);
        } catch (java.time.format.DateTimeParseException e) {
            throw InvalidInput.field(parameter, "must be a date yyyy-MM-dd");
        }
    }

    private static int count(List<AccountService.Outcome> outcomes, AccountService.Outcome outcome) {
        return (int) outcomes.stream().filter(o -> o == outcome).count();
    }
}

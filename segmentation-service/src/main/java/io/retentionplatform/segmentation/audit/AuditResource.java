package io.retentionplatform.segmentation.audit;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.retentionplatform.segmentation.account.Account;
import io.retentionplatform.segmentation.config.SegmentationConfig;
import io.retentionplatform.segmentation.membership.MembershipStore;
import io.retentionplatform.segmentation.support.ColumnArrays;
import io.retentionplatform.support.problem.InvalidInput;
import io.retentionplatform.segmentation.support.SqlValues;
import io.retentionplatform.support.security.Roles;
import io.smallrye.mutiny.Uni;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The silent-customer audit (seed 000): every active customer (known to the CRM, ARR above zero) without human
 * contact in the last 90 days, ranked by
 * ARR; pilots on the top 20% of them, whose members nurture-service reaches with an educational check-in (no sales),
 * and their re-engagement after 30 days against the expected 15-25%.
 */
@Path("/audit")
@Tag(name = "Silent-customer audit")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.VIEWER)
public class AuditResource {

    static final int MAX_PAGE_SIZE = 1000;

    private final SegmentationConfig.Audit config;
    private final MembershipStore memberships;
    private final Clock clock;

    public AuditResource(SegmentationConfig config, MembershipStore memberships, Clock clock) {
        this.config = config.audit();
        this.memberships = memberships;
        this.clock = clock;
    }

    public record SilentAccount(int rank, String accountId, String name, BigDecimal arr, Integer daysSinceHumanContact,
            Instant lastHumanContactAt, String owner, String quadrant, boolean satisfactionTrap) {
    }

    public record SilentReport(int silentDays, Instant asOf, int silentAccounts, BigDecimal silentArr, int cohortSize,
            BigDecimal cohortArr, List<SilentAccount> accounts) {
    }

    public record PilotInput(@Min(1) @Max(3650) Integer silentDays, @DecimalMin("0.01") @DecimalMax("1") BigDecimal cohortShare,
            @Min(1) @Max(365) Integer windowDays, @Size(max = 200) String startedBy) {
    }

    public record PilotMember(int rank, String accountId, BigDecimal arr, Integer daysSinceHumanContact, String owner,
            String quadrant, Instant reengagedAt) {
    }

    public record PilotView(String pilotId, String segmentId, Instant startedAt, String startedBy, int silentDays,
            BigDecimal cohortShare, int windowDays, Instant windowEndsAt, boolean complete, int silentAccounts,
            BigDecimal silentArr, int cohortSize, BigDecimal cohortArr, int reengaged, BigDecimal reengagementRate,
            BigDecimal expectedLow, BigDecimal expectedHigh, String verdict, List<PilotMember> members) {
    }

    @GET
    @Path("/silent")
    @WithSession
    @Operation(summary = "Active accounts with no human contact in the last N days (default 90), ranked by ARR, with the "
            + "size of the pilot cohort (top 20% by revenue)")
    public Uni<SilentReport> silent(@QueryParam("silentDays") Integer silentDays, @QueryParam("page") @DefaultValue("0") int page,
            @QueryParam("size") @DefaultValue("100") int size) {
        InvalidInput.checkPage(page, size, MAX_PAGE_SIZE);
        int days = days(silentDays);
        Instant now = clock.instant();
        return silentRanked(days, now).map(all -> {
            int cohort = SilentCustomerAudit.cohortSize(all.size(), config.cohortShare());
            List<SilentAccount> pageOf = all.subList(Math.min(all.size(), page * size), Math.min(all.size(), (page + 1) * size));
            return new SilentReport(days, now, all.size(), sum(all), cohort, sum(all.subList(0, cohort)), pageOf);
        });
    }

    @POST
    @RolesAllowed(Roles.MANAGER)
    @Path("/pilots")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Start a pilot: snapshot the top share of silent accounts by ARR as its cohort and publish them "
            + "(segment audit-pilot:<id>) so nurture-service runs the check-in outreach")
    @RequestBody(required = false, description = "Optional: silentDays, cohortShare, windowDays and startedBy; left out, "
            + "the configured defaults (90 days, top 20% by ARR, 30-day window) apply")
    public Uni<Response> startPilot(@jakarta.validation.Valid PilotInput input) {
        PilotInput in = input == null ? new PilotInput(null, null, null, null) : input;
        int days = days(in.silentDays());
        BigDecimal share = in.cohortShare() == null ? config.cohortShare() : in.cohortShare();
        int window = in.windowDays() == null ? config.windowDays() : in.windowDays();
        Instant now = clock.instant();
        String pilotId = "p-" + UUID.randomUUID().toString().substring(0, 8);
        return Panache.withTransaction(() -> silentRanked(days, now).chain(silent -> {
            List<SilentAccount> cohort = SilentCustomerAudit.cohort(silent, share);
            if (cohort.isEmpty()) {
                throw InvalidInput.problem(409, "No silent accounts", List.of(new InvalidInput.Violation("silentDays",
                        "no active account has gone " + days + " days without human contact")));
            }
            return Panache.getSession().chain(session -> session.createNativeQuery(
                            "INSERT INTO audit_pilot (pilot_id, started_at, silent_days, cohort_share, window_days, silent_accounts, "
                                    + "silent_arr, cohort_size, cohort_arr, started_by) VALUES (:id, :at, :days, :share, :window, "
                                    + ":silent, :silentArr, :size, :cohortArr, :by)")
                    .setParameter("id", pilotId).setParameter("at", now).setParameter("days", days)
                    .setParameter("share", share).setParameter("window", window).setParameter("silent", silent.size())
                    .setParameter("silentArr", sum(silent)).setParameter("size", cohort.size())
                    .setParameter("cohortArr", sum(cohort)).setParameter("by", in.startedBy())
                    .executeUpdate()
                    .chain(() -> ColumnArrays.execute(session, "INSERT INTO audit_pilot_member (pilot_id, account_id, rank, arr, "
                                    + "days_since_human_contact, owner, quadrant) SELECT ?1, a, r, m, d, o, q FROM unnest("
                                    + "CAST(?2 AS text[]), CAST(?3 AS int[]), CAST(CAST(?4 AS text[]) AS numeric[]), "
                                    + "CAST(?5 AS int[]), CAST(?6 AS text[]), CAST(?7 AS text[])) AS v(a, r, m, d, o, q)",
                            pilotId, cohort.stream().map(SilentAccount::accountId).toArray(String[]::new),
                            cohort.stream().map(SilentAccount::rank).toArray(Integer[]::new),
                            cohort.stream().map(m -> m.arr().toPlainString()).toArray(String[]::new),
                            cohort.stream().map(SilentAccount::daysSinceHumanContact).toArray(Integer[]::new),
                            cohort.stream().map(SilentAccount::owner).toArray(String[]::new),
                            cohort.stream().map(SilentAccount::quadrant).toArray(String[]::new)))
                    .chain(() -> session.createQuery("FROM Account WHERE accountId IN :ids", Account.class)
                            .setParameter("ids", cohort.stream().map(SilentAccount::accountId).toList())
                            .setLockMode(org.hibernate.LockMode.PESSIMISTIC_WRITE).getResultList())
                    .chain(accounts -> memberships.enterPilot(accounts, "audit-pilot:" + pilotId, 1,
                            "silent-customer audit pilot " + pilotId + ": top " + share.movePointRight(2).stripTrailingZeros()
                                    .toPlainString() + "% of " + silent.size() + " accounts without human contact for "
                                    + days + " days, by ARR; educational check-in, no sales", now)));
        })).chain(() -> Panache.withSession(() -> pilot(pilotId)))
                .map(view -> Response.created(URI.create("/audit/pilots/" + pilotId)).entity(view).build());
    }

    @GET
    @Path("/pilots")
    @WithSession
    @Operation(summary = "Every pilot, newest first, with its re-engagement so far")
    public Uni<List<PilotView>> pilots() {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "SELECT pilot_id FROM audit_pilot ORDER BY started_at DESC", String.class).getResultList())
                .chain(ids -> {
                    Uni<List<PilotView>> all = Uni.createFrom().item(new ArrayList<>());
                    for (String id : ids) {
                        all = all.chain(list -> pilot(id).map(view -> {
                            list.add(view);
                            return list;
                        }));
                    }
                    return all;
                });
    }

    @GET
    @Path("/pilots/{pilotId}")
    @WithSession
    @Operation(summary = "A pilot: its cohort, who re-engaged (inbound human contact or a customer engagement since the "
            + "start, within the window), the rate and its verdict against the expected 15-25%")
    public Uni<PilotView> pilotById(@PathParam("pilotId") String pilotId) {
        return pilot(pilotId);
    }

    private Uni<PilotView> pilot(String pilotId) {
        Instant now = clock.instant();
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "SELECT started_at, started_by, silent_days, cohort_share, window_days, silent_accounts, silent_arr, "
                                + "cohort_size, cohort_arr FROM audit_pilot WHERE pilot_id = :id", Object[].class)
                .setParameter("id", pilotId).getResultList()
                .chain(found -> {
                    if (found.isEmpty()) {
                        throw InvalidInput.notFound("No pilot " + pilotId);
                    }
                    Object[] p = found.get(0);
                    return session.createNativeQuery("SELECT rank, account_id, arr, days_since_human_contact, owner, quadrant, "
                                    + "reengaged_at FROM audit_pilot_member WHERE pilot_id = :id ORDER BY rank", Object[].class)
                            .setParameter("id", pilotId).getResultList()
                            .map(rows -> {
                                List<PilotMember> members = rows.stream().map(r -> new PilotMember(((Number) r[0]).intValue(),
                                        (String) r[1], SqlValues.decimal(r[2]), SqlValues.intOrNull(r[3]), (String) r[4],
                                        (String) r[5], SqlValues.instant(r[6]))).toList();
                                Instant started = SqlValues.instant(p[0]);
                                int window = ((Number) p[4]).intValue();
                                int reengaged = (int) members.stream().filter(m -> m.reengagedAt() != null).count();
                                BigDecimal rate = SilentCustomerAudit.rate(reengaged, members.size());
                                return new PilotView(pilotId, "audit-pilot:" + pilotId, started, (String) p[1],
                                        ((Number) p[2]).intValue(), SqlValues.decimal(p[3]), window,
                                        started.plus(Duration.ofDays(window)), SilentCustomerAudit.complete(started, window, now),
                                        ((Number) p[5]).intValue(), SqlValues.decimal(p[6]), ((Number) p[7]).intValue(),
                                        SqlValues.decimal(p[8]), reengaged, rate, config.expectedLow(), config.expectedHigh(),
                                        rate == null ? null : SilentCustomerAudit.verdict(rate, config.expectedLow(),
                                                config.expectedHigh()).name().toLowerCase(), members);
                            });
                }));
    }

    private Uni<List<SilentAccount>> silentRanked(int days, Instant now) {
        Instant cutoff = now.minus(Duration.ofDays(days));
        return Panache.getSession().chain(session -> session.createQuery(
                        "FROM Account WHERE crmKnown = true AND active = true "
                                + "AND (lastHumanContactAt IS NULL OR lastHumanContactAt < :cutoff) "
                                + "ORDER BY arr DESC, accountId", Account.class)
                .setParameter("cutoff", cutoff).getResultList())
                .map(list -> {
                    List<SilentAccount> ranked = new ArrayList<>();
                    for (Account a : list) {
                        ranked.add(new SilentAccount(ranked.size() + 1, a.accountId, a.name, a.arr, a.daysSinceHumanContact(now),
                                a.lastHumanContactAt, a.owner, a.quadrant, a.satisfactionTrap));
                    }
                    return ranked;
                });
    }

    private int days(Integer silentDays) {
        if (silentDays != null && (silentDays < 1 || silentDays > 3650)) {
            throw InvalidInput.field("silentDays", "must be between 1 and 3650");
        }
        return silentDays == null ? config.silentDays() : silentDays;
    }

    private static BigDecimal sum(List<SilentAccount> accounts) {
        return accounts.stream().map(SilentAccount::arr).reduce(BigDecimal.ZERO, BigDecimal::add);
    }
}

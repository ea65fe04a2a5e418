package io.retentionplatform.segmentation.segment;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
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

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.retentionplatform.segmentation.membership.MembershipQueries;
import io.retentionplatform.segmentation.membership.SegmentDecider;
import io.retentionplatform.segmentation.quadrant.Quadrant;
import io.retentionplatform.segmentation.rule.Rule;
import io.retentionplatform.segmentation.rule.RuleDescription;
import io.retentionplatform.segmentation.rule.RuleException;
import io.retentionplatform.segmentation.rule.RuleParser;
import io.retentionplatform.support.problem.InvalidInput;
import io.retentionplatform.segmentation.support.SqlValues;
import io.retentionplatform.support.security.RateLimited;
import io.retentionplatform.support.security.Roles;
import io.smallrye.mutiny.Uni;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Segments: the four quadrants and the built-in flags, and user-defined rule segments (versioned; creating, editing or
 * deleting one re-evaluates the whole portfolio, with progress at {@code GET /segments/evaluation}).
 */
@Path("/segments")
@Tag(name = "Segments")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.VIEWER)
public class SegmentResource {

    static final int MAX_PAGE_SIZE = 1000;
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,79}");

    private final PortfolioReevaluation reevaluation;
    private final RuleSegmentCatalog catalog;
    private final ObjectMapper json;
    private final Clock clock;

    public SegmentResource(PortfolioReevaluation reevaluation, RuleSegmentCatalog catalog, ObjectMapper json, Clock clock) {
        this.reevaluation = reevaluation;
        this.catalog = catalog;
        this.json = json;
        this.clock = clock;
    }

    /** A rule segment as created or edited. {@code rule} is the JSON rule tree (see the README). */
    public record SegmentInput(@Size(max = 80) String id, @NotBlank @Size(max = 200) String name,
            @Size(max = 2000) String description, @NotNull Object rule) {
    }

    public record SegmentView(String segmentId, String kind, String name, String description, Long version, Object rule,
            String ruleText, long members, Instant createdAt, Instant updatedAt) {
    }

    public record VersionView(long version, String name, Object rule, Instant createdAt) {
    }

    public record MemberView(String accountId, Instant enteredAt, String reason, Long scoreVersion, Long definitionVersion) {
    }

    @GET
    @WithSession
    @Operation(summary = "Every segment: the four quadrants, the built-in flags and the rule segments, with member counts")
    public Uni<List<SegmentView>> segments() {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "SELECT segment_id, count(*) FROM segment_membership WHERE left_at IS NULL GROUP BY segment_id",
                        Object[].class).getResultList()
                .chain(counts -> session.createQuery("FROM RuleSegment WHERE deleted = false ORDER BY id", RuleSegment.class)
                        .getResultList()
                        .map(rules -> {
                            java.util.Map<String, Long> members = new java.util.HashMap<>();
                            counts.forEach(c -> members.put((String) c[0], ((Number) c[1]).longValue()));
                            List<SegmentView> views = new ArrayList<>();
                            for (Quadrant q : Quadrant.values()) {
                                views.add(new SegmentView(q.segmentId(), "quadrant", q.label(), null, null, null, null,
                                        members.getOrDefault(q.segmentId(), 0L), null, null));
                            }
                            views.add(new SegmentView(SegmentDecider.SATISFACTION_TRAP, "flag", "Satisfaction trap",
                                    "NPS 7 or more, no human contact in 90 days, falling usage: the seed's blind spot", null,
                                    null, null, members.getOrDefault(SegmentDecider.SATISFACTION_TRAP, 0L), null, null));
                            views.add(new SegmentView(SegmentDecider.PREMIUM_PAYS_BASIC_USE, "flag",
                                    "Pays premium, uses basic", "a churn candidate at renewal", null, null, null,
                                    members.getOrDefault(SegmentDecider.PREMIUM_PAYS_BASIC_USE, 0L), null, null));
                            for (RuleSegment r : rules) {
                                views.add(view(r, members.getOrDefault("rule:" + r.id, 0L)));
                            }
                            return views;
                        })));
    }

    @POST
    @RolesAllowed(Roles.MANAGER)
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a rule segment; the whole portfolio is evaluated against it (progress: GET /segments/evaluation)")
    public Uni<Response> create(@Valid @NotNull SegmentInput input) {
        String id = input.id() == null || input.id().isBlank() ? slug(input.name()) : input.id();
        if (!ID.matcher(id).matches()) {
            throw InvalidInput.field("id", "lower-case letters, digits and dashes, up to 80, starting with a letter or digit");
        }
        Rule rule = parse(input.rule());
        Instant now = clock.instant();
        return Panache.withTransaction(() -> Panache.getSession().chain(session -> session.find(RuleSegment.class, id)
                .chain(existing -> {
                    if (existing != null && !existing.deleted) {
                        throw InvalidInput.conflict("Segment " + id + " exists; edit it with PUT /segments/" + id);
                    }
                    RuleSegment segment = existing != null ? existing : new RuleSegment();
                    segment.id = id;
                    segment.createdAt = now;
                    segment.deleted = false;
                    segment.version = existing != null ? existing.version + 1 : 1;
                    fill(segment, input, now);
                    Uni<?> saved = existing != null ? Uni.createFrom().voidItem() : session.persist(segment);
                    return saved.chain(() -> recordVersion(segment)).replaceWith(segment);
                })))
                .invoke(segment -> reevaluation.request("segment " + segment.id + " v" + segment.version + " created"))
                .map(segment -> Response.created(URI.create("/segments/rule:" + segment.id))
                        .entity(view(segment, 0L, rule)).build());
    }

    @PUT
    @RolesAllowed(Roles.MANAGER)
    @Path("/{segmentId}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Edit a rule segment (rule:<id>): a new version; the portfolio is re-evaluated against it")
    public Uni<SegmentView> edit(@PathParam("segmentId") String segmentId, @Valid @NotNull SegmentInput input) {
        String id = ruleId(segmentId);
        Rule rule = parse(input.rule());
        Instant now = clock.instant();
        return Panache.withTransaction(() -> Panache.getSession().chain(session -> session.find(RuleSegment.class, id)
                .chain(segment -> {
                    if (segment == null || segment.deleted) {
                        throw InvalidInput.notFound("No rule segment " + id);
                    }
                    segment.version++;
                    fill(segment, input, now);
                    return recordVersion(segment).replaceWith(segment);
                })))
                .invoke(segment -> reevaluation.request("segment " + id + " edited to v" + segment.version))
                .map(segment -> view(segment, 0L, rule));
    }

    @DELETE
    @RolesAllowed(Roles.MANAGER)
    @Path("/{segmentId}")
    @Operation(summary = "Delete a rule segment (rule:<id>): its members leave it (published), its history stays")
    public Uni<Response> delete(@PathParam("segmentId") String segmentId) {
        String id = ruleId(segmentId);
        return Panache.withTransaction(() -> Panache.getSession().chain(session -> session.find(RuleSegment.class, id)
                .invoke(segment -> {
                    if (segment == null || segment.deleted) {
                        throw InvalidInput.notFound("No rule segment " + id);
                    }
                    segment.deleted = true;
                    segment.updatedAt = clock.instant();
                })))
                .invoke(() -> reevaluation.request("segment " + id + " deleted"))
                .replaceWith(Response.accepted().build());
    }

    @GET
    @Path("/{segmentId}")
    @WithSession
    @Operation(summary = "One rule segment (rule:<id>): its current definition, version and member count")
    public Uni<SegmentView> segment(@PathParam("segmentId") String segmentId) {
        String id = ruleId(segmentId);
        return Panache.getSession().chain(session -> session.find(RuleSegment.class, id).chain(segment -> {
            if (segment == null || segment.deleted) {
                throw InvalidInput.notFound("No rule segment " + id);
            }
            return memberCount(session, "rule:" + id).map(n -> view(segment, n));
        }));
    }

    @GET
    @Path("/{segmentId}/versions")
    @WithSession
    @Operation(summary = "Every version of a rule segment (rule:<id>)")
    public Uni<List<VersionView>> versions(@PathParam("segmentId") String segmentId) {
        String id = ruleId(segmentId);
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "SELECT version, name, rule_json, created_at FROM rule_segment_version WHERE segment_id = :id ORDER BY version",
                        Object[].class).setParameter("id", id).getResultList())
                .map(rows -> rows.stream().map(r -> new VersionView(((Number) r[0]).longValue(), (String) r[1],
                        readJson((String) r[2]), SqlValues.instant(r[3])))
                        .toList());
    }

    @GET
    @Path("/evaluation")
    @Operation(summary = "Progress of the latest portfolio re-evaluation (after a segment change, or requested)")
    public PortfolioReevaluation.Progress evaluation() {
        return reevaluation.progress();
    }

    @POST
    @RolesAllowed(Roles.ADMIN)
    @RateLimited("expensive")
    @Path("/evaluation")
    @Operation(summary = "Re-evaluate every account's quadrant and segments now (202; progress at GET /segments/evaluation)")
    public Response reevaluate() {
        reevaluation.request("requested");
        return Response.accepted(reevaluation.progress()).build();
    }

    @GET
    @Path("/{segmentId}/members")
    @WithSession
    @Operation(summary = "Current members of any segment (quadrant:..., flag:..., rule:..., audit-pilot:...), newest first")
    public Uni<List<MemberView>> members(@PathParam("segmentId") String segmentId, @QueryParam("page") @DefaultValue("0") int page,
            @QueryParam("size") @DefaultValue("100") int size) {
        InvalidInput.checkPage(page, size, MAX_PAGE_SIZE);
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "SELECT account_id, entered_at, enter_reason, score_version, definition_version FROM segment_membership "
                                + "WHERE segment_id = :s AND left_at IS NULL ORDER BY entered_at DESC, account_id",
                        Object[].class)
                .setParameter("s", segmentId).setFirstResult(page * size).setMaxResults(size).getResultList())
                .map(rows -> rows.stream().map(r -> new MemberView((String) r[0],
                        SqlValues.instant(r[1]), (String) r[2],
                        SqlValues.longOrNull(r[3]), SqlValues.longOrNull(r[4])))
                        .toList());
    }

    @GET
    @Path("/{segmentId}/history")
    @WithSession
    @Operation(summary = "Membership history of a segment: every stay, with when and why it began and ended")
    public Uni<List<MembershipQueries.Stay>> history(@PathParam("segmentId") String segmentId, @QueryParam("page") @DefaultValue("0") int page,
            @QueryParam("size") @DefaultValue("100") int size) {
        InvalidInput.checkPage(page, size, MAX_PAGE_SIZE);
        return MembershipQueries.stays("segment_id", segmentId, page, size);
    }

    /** Only rule segments have definitions; quadrants and flags are built in. */
    private static String ruleId(String segmentId) {
        if (segmentId == null || !segmentId.startsWith("rule:") || segmentId.length() == 5) {
            throw InvalidInput.field("segmentId", "only rule segments (rule:<id>) have a definition; quadrant: and flag: "
                    + "segments are built in");
        }
        return segmentId.substring(5);
    }

    private Rule parse(Object tree) {
        try {
            return RuleParser.parse(tree);
        } catch (RuleException e) {
            throw InvalidInput.of("Invalid segment rule", e.violations().stream()
                    .map(v -> new InvalidInput.Violation(v.path(), v.message())).toList());
        }
    }

    private void fill(RuleSegment segment, SegmentInput input, Instant now) {
        segment.name = input.name();
        segment.description = input.description();
        segment.ruleJson = writeJson(input.rule());
        segment.updatedAt = now;
    }

    private Uni<Void> recordVersion(RuleSegment segment) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "INSERT INTO rule_segment_version (segment_id, version, name, rule_json, created_at) "
                                + "VALUES (:id, :v, :name, :rule, :at)")
                .setParameter("id", segment.id).setParameter("v", segment.version).setParameter("name", segment.name)
                .setParameter("rule", segment.ruleJson).setParameter("at", segment.updatedAt)
                .executeUpdate()).replaceWithVoid();
    }

    private static Uni<Long> memberCount(org.hibernate.reactive.mutiny.Mutiny.Session session, String segmentId) {
        return session.createNativeQuery("SELECT count(*) FROM segment_membership WHERE segment_id = :s AND left_at IS NULL",
                Long.class).setParameter("s", segmentId).getSingleResult();
    }

    private SegmentView view(RuleSegment r, long members) {
        return view(r, members, catalog.compile(r).rule());
    }

    private SegmentView view(RuleSegment r, long members, Rule rule) {
        return new SegmentView("rule:" + r.id, "rule", r.name, r.description, r.version, readJson(r.ruleJson),
                RuleDescription.describe(rule), members, r.createdAt, r.updatedAt);
    }

    private static String slug(String name) {
        String s = name == null ? "" : name.toLowerCase().replaceAll("[^a-z0-9]+", "-").replaceAll("(^-+|-+$)", "");
        return s.length() > 80 ? s.substring(0, 80) : s;
    }

    private String writeJson(Object tree) {
        try {
            return json.writeValueAsString(tree);
        } catch (JsonProcessingException e) {
            throw InvalidInput.field("rule", "cannot be written as JSON");
        }
    }

    private Object readJson(String text) {
        try {
            return json.readValue(text, Object.class);
        } catch (JsonProcessingException e) {
            return text;
        }
    }
}

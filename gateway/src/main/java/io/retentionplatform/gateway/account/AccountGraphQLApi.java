package io.retentionplatform.gateway.account;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.annotation.security.RolesAllowed;

import io.retentionplatform.gateway.account.AccountConnection.AccountEdge;
import io.retentionplatform.gateway.account.AccountConnection.PageInfo;
import io.retentionplatform.gateway.client.Downstream;
import io.retentionplatform.gateway.client.Dtos.AccountDto;
import io.retentionplatform.gateway.client.Dtos.ChurnRisk;
import io.retentionplatform.gateway.client.Dtos.Component;
import io.retentionplatform.gateway.client.Dtos.EligibilityDto;
import io.retentionplatform.gateway.client.Dtos.EnrollmentDto;
import io.retentionplatform.gateway.client.Dtos.EventDto;
import io.retentionplatform.gateway.client.Dtos.Explanation;
import io.retentionplatform.gateway.client.Dtos.HealthDetailDto;
import io.retentionplatform.gateway.client.Dtos.HealthSummary;
import io.retentionplatform.gateway.client.Dtos.HistoryPoint;
import io.retentionplatform.gateway.client.Dtos.StayDto;
import io.retentionplatform.gateway.client.Dtos.ValueRealization;
import io.retentionplatform.gateway.client.NurtureClient;
import io.retentionplatform.gateway.client.ScoringClient;
import io.retentionplatform.gateway.client.SegmentationClient;
import io.retentionplatform.gateway.errors.InvalidArgumentException;
import io.retentionplatform.gateway.errors.NotFoundException;
import io.retentionplatform.support.security.Roles;
import io.smallrye.mutiny.Uni;
import org.eclipse.microprofile.graphql.DefaultValue;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Query;
import org.eclipse.microprofile.graphql.Source;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * Accounts: one by id, pages of them filtered and sorted, and everything the services know about each. List fields
 * resolve in batches ({@code @Source List}): a page of accounts with health, quadrant, flags, segments and expansion
 * eligibility costs three service calls whatever its size (the page, the segments, the eligibility); health
 * components one more. Fields of one account's detail (history, explanation, nurture, events) cost a call each and
 * are meant for an account page.
 */
@GraphQLApi
public class AccountGraphQLApi {

    static final int MAX_PAGE = 200;
    private static final String CURSOR_PREFIX = "offset:";

    private final SegmentationClient segmentation;
    private final ScoringClient scoring;
    private final NurtureClient nurture;
    private final Downstream downstream;

    public AccountGraphQLApi(@RestClient SegmentationClient segmentation, @RestClient ScoringClient scoring,
            @RestClient NurtureClient nurture, Downstream downstream) {
        this.segmentation = segmentation;
        this.scoring = scoring;
        this.nurture = nurture;
        this.downstream = downstream;
    }

    @Query("account")
    @RolesAllowed(Roles.VIEWER)
    @Description("One account by its CRM id; null if the platform has no such account. Requires the `viewer` role.")
    public Uni<AccountDto> account(@NonNull @Id String id) {
        return downstream.readSegmentation(() -> segmentation.account(id)).map(AccountGraphQLApi::withIds)
                .onFailure(NotFoundException.class).recoverWithNull();
    }

    @Query("accounts")
    @RolesAllowed(Roles.VIEWER)
    @Description("Accounts, filtered and sorted, a page at a time (at most 200). Requires the `viewer` role.")
    public Uni<@NonNull AccountConnection> accounts(AccountFilter filter, @DefaultValue("ID") AccountSort sort,
            @DefaultValue("false") boolean descending, @DefaultValue("50") int first,
            @Description("The endCursor of the previous page") String after) {
        if (first < 1 || first > MAX_PAGE) {
            return Uni.createFrom().failure(new InvalidArgumentException("first", "must be between 1 and " + MAX_PAGE));
        }
        int offset;
        try {
            offset = after == null ? 0 : offset(after);
        } catch (IllegalArgumentException e) {
            return Uni.createFrom().failure(new InvalidArgumentException("after", "is not a cursor this API gave out"));
        }
        AccountFilter f = filter == null ? AccountFilter.NONE : filter;
        if (f.renewalWithinDays() != null && (f.renewalWithinDays() < 0 || f.renewalWithinDays() > 3650)) {
            return Uni.createFrom().failure(new InvalidArgumentException("filter.renewalWithinDays", "must be between 0 and 3650"));
        }
        if (f.minSilentDays() != null && (f.minSilentDays() < 0 || f.minSilentDays() > 3650)) {
            return Uni.createFrom().failure(new InvalidArgumentException("filter.minSilentDays", "must be between 0 and 3650"));
        }
        // One more than asked: whether a next page exists, without counting.
        return downstream.readSegmentation(() -> segmentation.accounts(offset, first + 1,
                        f.quadrant() == null ? null : f.quadrant().wireName(), f.band() == null ? null : f.band().wireName(),
                        f.segment(), f.industry(), f.owner(), f.renewalWithinDays(), f.minSilentDays(), f.satisfactionTrap(),
                        f.expansionEligible(), sort.wireName(), descending))
                .map(found -> {
                    List<AccountEdge> edges = new ArrayList<>();
                    for (int i = 0; i < Math.min(first, found.size()); i++) {
                        edges.add(new AccountEdge(withIds(found.get(i)), cursor(offset + i + 1)));
                    }
                    return new AccountConnection(edges, new PageInfo(found.size() > first, offset > 0,
                            edges.isEmpty() ? null : cursor(offset + 1), edges.isEmpty() ? null : edges.get(edges.size() - 1).cursor()));
                });
    }

    @Name("nodes")
    @RolesAllowed(Roles.VIEWER)
    @Description("The accounts of this page, without their cursors")
    public List<@NonNull AccountDto> nodes(@Source AccountConnection connection) {
        return connection.edges().stream().map(AccountEdge::node).toList();
    }

    // --- fields of Account, in batches ---------------------------------------------------------------------

    @Name("segments")
    @RolesAllowed(Roles.VIEWER)
    @Description("The segments the account is in now: its quadrant, flags, rule segments and pilot cohorts")
    public Uni<List<List<StayDto>>> segments(@Source List<AccountDto> accounts) {
        List<String> ids = ids(accounts);
        return inChunks(ids, chunk -> downstream.readSegmentation(() -> segmentation.currentSegments(chunk))).map(stays -> {
            Map<String, List<StayDto>> byAccount = stays.stream().collect(Collectors.groupingBy(StayDto::accountId));
            return ids.stream().map(id -> byAccount.getOrDefault(id, List.of())).toList();
        });
    }

    @Name("expansion")
    @RolesAllowed(Roles.VIEWER)
    @Description("Whether an expansion play may be offered now, which plays and why (nurture-service decides)")
    public Uni<List<EligibilityDto>> expansion(@Source List<AccountDto> accounts) {
        List<String> ids = ids(accounts);
        return inChunks(ids, chunk -> downstream.readNurture(() -> nurture.eligibility(chunk))).map(found -> {
            Map<String, EligibilityDto> byAccount = found.stream()
                    .collect(Collectors.toMap(EligibilityDto::accountId, Function.identity(), (a, b) -> b));
            return ids.stream().map(byAccount::get).toList();
        });
    }

    @Name("components")
    @RolesAllowed(Roles.VIEWER)
    @Description("The score's components with their weights and contributions (from scoring-service)")
    public Uni<List<List<Component>>> components(@Source List<HealthSummary> healths) {
        List<String> ids = healths.stream().map(HealthSummary::accountId).toList();
        return inChunks(ids, chunk -> downstream.readScoring(() -> scoring.health(chunk))).map(found -> {
            Map<String, HealthDetailDto> byAccount = found.stream()
                    .collect(Collectors.toMap(HealthDetailDto::accountId, Function.identity(), (a, b) -> b));
            return ids.stream().map(id -> {
                HealthDetailDto detail = byAccount.get(id);
                return detail == null ? null : detail.components().entrySet().stream()
                        .map(e -> new Component(e.getKey(), e.getValue().value(), e.getValue().weight(), e.getValue().contribution()))
                        .toList();
            }).toList();
        });
    }

    @Name("churnRisk")
    @RolesAllowed(Roles.VIEWER)
    @Description("The active churn model's risk with its drivers; null before a churn model is active, before the "
            + "account's first score, and for accounts that churned already")
    public Uni<List<ChurnRisk>> churnRisk(@Source List<AccountDto> accounts) {
        List<String> ids = ids(accounts);
        List<String> scored = accounts.stream().filter(a -> a.health() != null).map(AccountDto::accountId).toList();
        if (scored.isEmpty()) {
            return Uni.createFrom().item(ids.stream().map(id -> (ChurnRisk) null).toList());
        }
        return inChunks(scored, chunk -> downstream.readScoring(() -> scoring.health(chunk))).map(found -> {
            Map<String, ChurnRisk> byAccount = new java.util.HashMap<>();
            found.forEach(h -> byAccount.put(h.accountId(), h.churnRisk()));
            return ids.stream().map(byAccount::get).toList();
        });
    }

    @Name("engagementScore")
    @RolesAllowed(Roles.VIEWER)
    @Description("Engagement score 0-100 over the last 30 days (behaviour + support + usage); null before the first score")
    public Integer engagementScore(@Source AccountDto account) {
        return account.health() == null ? null : account.health().engagementScore30();
    }

    // --- fields of one account's detail ----------------------------------------------------------------------

    @Name("history")
    @RolesAllowed(Roles.VIEWER)
    @Description("Score history between from and to (default: the last 90 days), oldest first: a point per change and per day")
    public Uni<List<HistoryPoint>> history(@Source HealthSummary health, Instant from, Instant to,
            @DefaultValue("365") int limit) {
        if (limit < 1 || limit > 1000) {
            return Uni.createFrom().failure(new InvalidArgumentException("limit", "must be between 1 and 1000"));
        }
        return downstream.readScoring(() -> scoring.history(health.accountId(), from == null ? null : from.toString(),
                to == null ? null : to.toString(), limit));
    }

    @Name("detail")
    @RolesAllowed(Roles.VIEWER)
    @Description("Why the score is what it is: each component's signals, and what moved since the previous score")
    public Uni<Explanation> explanationDetail(@Source HealthSummary health) {
        return downstream.readScoring(() -> scoring.explanation(health.accountId()))
                .onFailure(NotFoundException.class).recoverWithNull();
    }

    @Name("valueRealization")
    @RolesAllowed(Roles.VIEWER)
    @Description("Entitled against used features in the last 90 days; null before the first score")
    public Uni<ValueRealization> valueRealization(@Source AccountDto account) {
        return downstream.readScoring(() -> scoring.valueRealization(account.accountId()))
                .onFailure(NotFoundException.class).recoverWithNull();
    }

    @Name("quadrantHistory")
    @RolesAllowed(Roles.VIEWER)
    @Description("The account's stays in quadrants, newest first")
    public Uni<List<StayDto>> quadrantHistory(@Source AccountDto account) {
        return downstream.readSegmentation(() -> segmentation.segmentHistory(account.accountId(), 0, 200))
                .map(stays -> stays.stream().filter(s -> "quadrant".equals(s.kind())).toList());
    }

    @Name("nurture")
    @RolesAllowed(Roles.VIEWER)
    @Description("The account's nurture enrollments, newest first, each with its steps and outcomes")
    public Uni<List<EnrollmentDto>> nurture(@Source AccountDto account) {
        return downstream.readNurture(() -> nurture.enrollments(account.accountId()));
    }

    @Name("events")
    @RolesAllowed(Roles.VIEWER)
    @Description("The account's engagement events, newest first, a page at a time (at most 200)")
    public Uni<List<EventDto>> events(@Source AccountDto account, @DefaultValue("0") int page, @DefaultValue("50") int size) {
        if (page < 0) {
            return Uni.createFrom().failure(new InvalidArgumentException("page", "must be 0 or more"));
        }
        if (size < 1 || size > MAX_PAGE) {
            return Uni.createFrom().failure(new InvalidArgumentException("size", "must be between 1 and " + MAX_PAGE));
        }
        return downstream.readScoring(() -> scoring.events(account.accountId(), page, size));
    }

    // --- helpers ----------------------------------------------------------------------------------------------

    /** The account with its id on the nested health, which the health's own fields need. */
    static AccountDto withIds(AccountDto a) {
        return a.health() == null ? a : new AccountDto(a.accountId(), a.name(), a.industry(), a.planTier(), a.entitledFeatures(),
                a.arr(), a.currency(), a.contractArr(), a.contractStart(), a.renewalDate(), a.owner(), a.active(), a.crmKnown(),
                a.version(), a.health().withAccount(a.accountId()), a.signals(), a.quadrant(), a.flags(), a.expansionEligible());
    }

    /** Most characters of account ids one batch call carries in its query string (servers refuse long request lines). */
    static final int MAX_IDS_CHARACTERS = 3500; // under the 4,096 of Vert.x's (Quarkus') default request-line limit

    /**
     * One call per group of ids whose query string stays short enough for any server's request-line limit (a page of
     * 50 ordinary ids is one group), the groups in parallel, the answers concatenated in order.
     */
    static <T> Uni<List<T>> inChunks(List<String> ids, Function<List<String>, Uni<List<T>>> call) {
        List<List<String>> chunks = new ArrayList<>();
        List<String> current = new ArrayList<>();
        int characters = 0;
        for (String id : ids) {
            int cost = java.net.URLEncoder.encode(id, StandardCharsets.UTF_8).length() + "&accountId=".length();
            if (!current.isEmpty() && characters + cost > MAX_IDS_CHARACTERS) {
                chunks.add(current);
                current = new ArrayList<>();
                characters = 0;
            }
            current.add(id);
            characters += cost;
        }
        if (!current.isEmpty()) {
            chunks.add(current);
        }
        if (chunks.size() == 1) {
            return call.apply(chunks.get(0));
        }
        List<Uni<List<T>>> calls = chunks.stream().map(call).toList();
        return Uni.join().all(calls).andFailFast().map(parts -> parts.stream().flatMap(List::stream).toList());
    }

    private static List<String> ids(List<AccountDto> accounts) {
        return accounts.stream().map(AccountDto::accountId).toList();
    }

    static String cursor(int offset) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString((CURSOR_PREFIX + offset).getBytes(StandardCharsets.UTF_8));
    }

    static int offset(String cursor) {
        String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        if (!text.startsWith(CURSOR_PREFIX)) {
            throw new IllegalArgumentException(cursor);
        }
        int offset = Integer.parseInt(text.substring(CURSOR_PREFIX.length()));
        if (offset < 0) {
            throw new IllegalArgumentException(cursor);
        }
        return offset;
    }
}

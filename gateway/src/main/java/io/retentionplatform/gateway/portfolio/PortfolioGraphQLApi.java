package io.retentionplatform.gateway.portfolio;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;

import io.retentionplatform.gateway.client.Downstream;
import io.retentionplatform.gateway.client.Dtos.BudgetGuidance;
import io.retentionplatform.gateway.client.Dtos.Kpis;
import io.retentionplatform.gateway.client.Dtos.LeakCalculation;
import io.retentionplatform.gateway.client.Dtos.PilotDto;
import io.retentionplatform.gateway.client.Dtos.PortfolioEconomics;
import io.retentionplatform.gateway.client.Dtos.Scenarios;
import io.retentionplatform.gateway.client.Dtos.SegmentDto;
import io.retentionplatform.gateway.client.Dtos.SilentAccount;
import io.retentionplatform.gateway.client.SegmentationClient;
import io.retentionplatform.gateway.errors.InvalidArgumentException;
import io.retentionplatform.support.security.Roles;
import io.smallrye.mutiny.Uni;
import org.eclipse.microprofile.graphql.DefaultValue;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Query;
import org.eclipse.microprofile.graphql.Source;
import org.eclipse.microprofile.graphql.Type;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/** The portfolio as a customer-success lead reads it: KPIs, retention over time, the silent audit, the economics. */
@GraphQLApi
public class PortfolioGraphQLApi {

    static final int MAX_POINTS = 24;

    private final SegmentationClient segmentation;
    private final Downstream downstream;

    public PortfolioGraphQLApi(@RestClient SegmentationClient segmentation, Downstream downstream) {
        this.segmentation = segmentation;
        this.downstream = downstream;
    }

    @Query("portfolio")
    @RolesAllowed(Roles.VIEWER)
    @Description("The portfolio's KPIs over a period (default: the last 365 days): NRR, GRR, expansion, time-to-value, "
            + "advocacy, the health distribution, quadrant counts and ARR, and each industry against its benchmark band. "
            + "Requires the `viewer` role.")
    public Uni<Kpis> portfolio(LocalDate from, LocalDate to) {
        return downstream.readSegmentation(() -> segmentation.kpis(from, to));
    }

    @Type("RetentionPoint")
    @Description("NRR and GRR of the 12 months up to a month's end")
    public record RetentionPoint(@NonNull LocalDate to, BigDecimal nrr, BigDecimal grr, BigDecimal expansionRate,
            BigDecimal arrAtEnd) {
    }

    @Query("retentionHistory")
    @RolesAllowed(Roles.VIEWER)
    @Description("Trailing-12-month NRR and GRR at the end of each of the last `months` months (1-24), oldest first. "
            + "Requires the `viewer` role.")
    public Uni<List<RetentionPoint>> retentionHistory(@DefaultValue("12") int months) {
        if (months < 1 || months > MAX_POINTS) {
            return Uni.createFrom().failure(new InvalidArgumentException("months", "must be between 1 and " + MAX_POINTS));
        }
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        List<Uni<RetentionPoint>> points = new ArrayList<>();
        for (int i = months - 1; i >= 0; i--) {
            // the month's last day; today for the current month
            LocalDate end = i == 0 ? today : today.minusMonths(i).withDayOfMonth(today.minusMonths(i).lengthOfMonth());
            points.add(downstream.readSegmentation(() -> segmentation.kpis(end.minusYears(1), end)).map(k -> new RetentionPoint(
                    end, k.retention() == null ? null : k.retention().nrr(), k.retention() == null ? null : k.retention().grr(),
                    k.retention() == null ? null : k.retention().expansionRate(), k.arrAtEnd())));
        }
        return Uni.join().all(points).andFailFast();
    }

    @Type("SilentAudit")
    @Description("The silent-customer audit: active accounts without human contact for `silentDays`, ranked by ARR; the "
            + "top share by ARR is the pilot cohort")
    public record SilentAudit(@NonNull int silentDays, java.time.Instant asOf, @NonNull int silentAccounts, BigDecimal silentArr,
            @NonNull @Description("How many accounts the pilot cohort holds (the top 20% by ARR by default)") int cohortSize,
            BigDecimal cohortArr, @NonNull List<@NonNull SilentAccount> accounts) {
    }

    @Query("silentAudit")
    @RolesAllowed(Roles.VIEWER)
    @Description("The silent-customer audit (default 90 days without human contact), the first `first` accounts by ARR "
            + "with the pilot cohort marked. Requires the `viewer` role.")
    public Uni<SilentAudit> silentAudit(Integer silentDays, @DefaultValue("100") int first) {
        if (first < 1 || first > 500) {
            return Uni.createFrom().failure(new InvalidArgumentException("first", "must be between 1 and 500"));
        }
        return downstream.readSegmentation(() -> segmentation.silentAudit(silentDays, 0, first)).map(r -> new SilentAudit(
                r.silentDays(), r.asOf(), r.silentAccounts(), r.silentArr(), r.cohortSize(), r.cohortArr(),
                r.accounts().stream().map(a -> new SilentAccount(a.rank(), a.accountId(), a.name(), a.arr(),
                        a.daysSinceHumanContact(), a.lastHumanContactAt(), a.owner(), a.quadrant(), a.satisfactionTrap(),
                        a.rank() <= r.cohortSize())).toList()));
    }

    @Name("pilots")
    @RolesAllowed(Roles.VIEWER)
    @Description("Pilots started so far, newest first, with their re-engagement against the expected 15-25% band")
    public Uni<List<PilotDto>> pilots(@Source SilentAudit audit) {
        return downstream.readSegmentation(segmentation::pilots);
    }

    @Query("segments")
    @RolesAllowed(Roles.VIEWER)
    @Description("Every segment: the four quadrants, the built-in flags and the rule segments, with member counts. "
            + "Requires the `viewer` role.")
    public Uni<List<SegmentDto>> segments() {
        return downstream.readSegmentation(segmentation::segments);
    }

    @Type("Economics")
    @Description("Retention economics: the real portfolio's, and what-if figures for inputs of your own")
    public record Economics(@NonNull @Description("Today, the date the portfolio figures are for") LocalDate asOf) {
    }

    @Query("economics")
    @RolesAllowed(Roles.VIEWER)
    @Description("Retention economics: the 5-year scenario, the leak, the budget guidance. Requires the `viewer` role.")
    public Economics economics() {
        return new Economics(LocalDate.now(ZoneOffset.UTC));
    }

    @Name("portfolio")
    @RolesAllowed(Roles.VIEWER)
    @Description("The real portfolio's economics: its customers, ARR and churn, their leak, budget and 5-year scenarios")
    public Uni<PortfolioEconomics> portfolioEconomics(@Source Economics economics) {
        return downstream.readSegmentation(segmentation::economics);
    }

    @Name("scenarios")
    @RolesAllowed(Roles.VIEWER)
    @Description("What-if: customers and revenue over `years` at each yearly retention rate (defaults: the 5-year "
            + "table of 100 customers at 80% and 85%)")
    public Uni<Scenarios> scenarios(@Source Economics economics, Integer customers, BigDecimal firstPurchase,
            List<BigDecimal> retention, Integer years) {
        return downstream.readSegmentation(() -> segmentation.scenarios(customers, firstPurchase, retention, years));
    }

    @Name("leak")
    @RolesAllowed(Roles.VIEWER)
    @Description("What-if: the yearly revenue leak at a monthly churn rate, and what `improvement` points keep")
    public Uni<LeakCalculation> leak(@Source Economics economics, @NonNull Integer customers, @NonNull BigDecimal monthlyChurn,
            @NonNull BigDecimal averageAnnualRevenue, BigDecimal improvement) {
        return downstream.readSegmentation(() -> segmentation.leak(customers, monthlyChurn, averageAnnualRevenue, improvement));
    }

    @Name("budget")
    @RolesAllowed(Roles.VIEWER)
    @Description("What-if: the proactive-retention budget for a customer base ARR (5-8%) and its split")
    public Uni<BudgetGuidance> budget(@Source Economics economics, @NonNull BigDecimal baseArr) {
        return downstream.readSegmentation(() -> segmentation.budget(baseArr));
    }
}

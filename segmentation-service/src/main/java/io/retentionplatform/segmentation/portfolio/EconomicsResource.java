package io.retentionplatform.segmentation.portfolio;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.retentionplatform.segmentation.arr.ArrMovementStore;
import io.retentionplatform.segmentation.economics.BudgetGuidance;
import io.retentionplatform.segmentation.economics.LeakCalculation;
import io.retentionplatform.segmentation.economics.RetentionScenario;
import io.retentionplatform.segmentation.kpi.Industry;
import io.retentionplatform.segmentation.kpi.RetentionKpis;
import io.retentionplatform.support.problem.InvalidInput;
import io.retentionplatform.support.security.Roles;
import io.smallrye.mutiny.Uni;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Retention economics (seed 002, chapter 1; seed 000's budget rule): the 5-year scenario table, the "leak" calculation
 * and the budget guidance, for what-if inputs and for the real portfolio (its ARR and its measured churn).
 */
@Path("/economics")
@Tag(name = "Retention economics")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.VIEWER)
public class EconomicsResource {

    private final ArrMovementStore movements;
    private final Clock clock;

    public EconomicsResource(ArrMovementStore movements, Clock clock) {
        this.movements = movements;
        this.clock = clock;
    }

    public record Scenarios(List<RetentionScenario> scenarios, BigDecimal cumulativeDifference) {
    }

    public record PortfolioEconomics(LocalDate asOf, int customers, BigDecimal baseArr, BigDecimal averageAnnualRevenue,
            BigDecimal yearlyLogoRetention, BigDecimal monthlyChurnRate, LeakCalculation leak, BudgetGuidance budget,
            RetentionScenario fiveYears, RetentionScenario fiveYearsWithFivePointsBetter) {
    }

    @GET
    @Path("/scenarios")
    @Operation(summary = "The 5-year scenario table per yearly retention rate (defaults: the seed's 1,000 customers, "
            + "EUR 500 first purchase, 20% and 80%)")
    public Scenarios scenarios(@QueryParam("customers") String customersText, @QueryParam("firstPurchase") String firstPurchaseText,
            @QueryParam("retention") List<String> retention, @QueryParam("years") String yearsText) {
        Integer customers = integer("customers", customersText);
        BigDecimal firstPurchase = decimal("firstPurchase", firstPurchaseText);
        Integer years = integer("years", yearsText);
        List<BigDecimal> rates = retention == null || retention.isEmpty()
                ? List.of(new BigDecimal("0.20"), new BigDecimal("0.80"))
                : retention.stream().map(r -> decimal("retention", r)).toList();
        List<RetentionScenario> scenarios = new ArrayList<>();
        for (BigDecimal rate : rates) {
            scenarios.add(checked("retention", () -> RetentionScenario.of(customers == null ? 1000 : customers,
                    firstPurchase == null ? new BigDecimal("500") : firstPurchase, rate, years == null ? 5 : years)));
        }
        BigDecimal difference = scenarios.size() < 2 ? null
                : scenarios.get(scenarios.size() - 1).cumulativeRevenue().subtract(scenarios.get(0).cumulativeRevenue());
        return new Scenarios(scenarios, difference);
    }

    @GET
    @Path("/leak")
    @Operation(summary = "The annual leak: monthly churn -> customers lost a year x average annual revenue, and what "
            + "5 points better retention would keep")
    public LeakCalculation leak(@QueryParam("customers") String customersText, @QueryParam("monthlyChurn") String monthlyChurnText,
            @QueryParam("averageAnnualRevenue") String averageText, @QueryParam("improvement") String improvementText) {
        Integer customers = integer("customers", customersText);
        BigDecimal monthlyChurn = decimal("monthlyChurn", monthlyChurnText);
        BigDecimal averageAnnualRevenue = decimal("averageAnnualRevenue", averageText);
        BigDecimal improvement = decimal("improvement", improvementText);
        require("customers", customers);
        require("monthlyChurn", monthlyChurn);
        require("averageAnnualRevenue", averageAnnualRevenue);
        return checked("monthlyChurn", () -> LeakCalculation.of(customers, monthlyChurn, averageAnnualRevenue,
                improvement == null ? LeakCalculation.DEFAULT_IMPROVEMENT_POINTS : improvement));
    }

    @GET
    @Path("/budget")
    @Operation(summary = "Budget guidance: 5-8% of the base's ARR on proactive retention, with the seed's split")
    public BudgetGuidance budget(@QueryParam("baseArr") String baseArrText) {
        BigDecimal baseArr = decimal("baseArr", baseArrText);
        require("baseArr", baseArr);
        return checked("baseArr", () -> BudgetGuidance.forBaseArr(baseArr));
    }

    @GET
    @Path("/portfolio")
    @WithSession
    @Operation(summary = "The same three for the real portfolio: its customers and ARR today, its logo churn over the last "
            + "365 days (as a monthly rate)")
    public Uni<PortfolioEconomics> portfolio() {
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        LocalDate from = today.minusDays(364);
        return movements.upTo(today).chain(list -> Panache.getSession().chain(session -> session.createNativeQuery(
                        "SELECT count(*), COALESCE(sum(arr), 0) FROM account WHERE active AND arr > 0", Object[].class)
                .getSingleResult()
                .map(row -> {
                    int customers = ((Number) row[0]).intValue();
                    BigDecimal base = new BigDecimal(row[1].toString());
                    RetentionKpis kpis = RetentionKpis.compute(list, new HashMap<String, Industry>(Map.of()), from, today);
                    BigDecimal retention = kpis.portfolio().logoRetention() == null ? BigDecimal.ONE
                            : kpis.portfolio().logoRetention();
                    // The monthly rate that compounds to the yearly retention: 1 - r^(1/12).
                    BigDecimal monthly = BigDecimal.ONE.subtract(BigDecimal.valueOf(Math.pow(retention.doubleValue(), 1.0 / 12)))
                            .setScale(4, RoundingMode.HALF_UP).max(BigDecimal.ZERO);
                    BigDecimal average = customers == 0 ? BigDecimal.ZERO
                            : base.divide(BigDecimal.valueOf(customers), MathContext.DECIMAL64).setScale(2, RoundingMode.HALF_UP);
                    LeakCalculation leak = customers == 0 ? null : LeakCalculation.of(customers, monthly, average);
                    RetentionScenario now = customers == 0 ? null : RetentionScenario.of(customers, average, retention, 5);
                    BigDecimal better = retention.add(new BigDecimal("0.05")).min(BigDecimal.ONE);
                    RetentionScenario improved = customers == 0 ? null : RetentionScenario.of(customers, average, better, 5);
                    return new PortfolioEconomics(today, customers, base, average, retention, monthly, leak,
                            BudgetGuidance.forBaseArr(base), now, improved);
                })));
    }

    private static BigDecimal decimal(String parameter, String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return new BigDecimal(text.trim());
        } catch (NumberFormatException e) {
            throw InvalidInput.field(parameter, "must be a number");
        }
    }

    private static Integer integer(String parameter, String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Integer.valueOf(text.trim());
        } catch (NumberFormatException e) {
            throw InvalidInput.field(parameter, "must be a whole number");
        }
    }

    private static void require(String parameter, Object value) {
        if (value == null) {
            throw InvalidInput.field(parameter, "is required");
        }
    }

    /** The calculators name the parameter at fault in their IllegalArgumentException: that becomes a 400. */
    private static <T> T checked(String fallbackParameter, Supplier<T> calculation) {
        try {
            return calculation.get();
        } catch (IllegalArgumentException e) {
            String message = e.getMessage() == null ? "is out of range" : e.getMessage();
            String parameter = message.contains(" ") ? message.substring(0, message.indexOf(' ')) : fallbackParameter;
            return throwFor(parameter, message);
        }
    }

    private static <T> T throwFor(String parameter, String message) {
        throw InvalidInput.field(parameter, message);
    }
}

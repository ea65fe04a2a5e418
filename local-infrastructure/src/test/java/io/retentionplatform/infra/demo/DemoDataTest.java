package io.retentionplatform.infra.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

class DemoDataTest {

    private static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");
    private static final LocalDate TODAY = LocalDate.of(2026, 11, 24);
    private static final BigDecimal USD_RATE = new BigDecimal("0.92");

    @Test
    void everyQuadrantHasTenAccountsWithDistinctIds() {
        List<DemoData.DemoAccount> accounts = DemoData.generate(NOW);

        Map<String, Long> perQuadrant = accounts.stream()
                .collect(Collectors.groupingBy(DemoData.DemoAccount::intendedQuadrant, Collectors.counting()));
        assertThat(perQuadrant).containsOnly(
                Map.entry("active_advocate", 10L), Map.entry("silent_satisfied", 10L),
                Map.entry("struggling_needy", 10L), Map.entry("at_risk_disengaged", 10L));
        assertThat(accounts).extracting(DemoData.DemoAccount::id).doesNotHaveDuplicates();
        assertThat(accounts.stream().flatMap(a -> a.events().stream()).map(DemoData.DemoEvent::id)).doesNotHaveDuplicates();
    }

    @Test
    void sameDayGivesSameEventIdsSoReloadingIsHarmless() {
        assertThat(DemoData.generate(NOW)).extracting(a -> a.events().size())
                .isEqualTo(DemoData.generate(NOW.plusSeconds(3600)).stream().map(a -> a.events().size()).toList());
        assertThat(DemoData.generate(NOW).get(0).events().get(0).id())
                .isEqualTo(DemoData.generate(NOW.plusSeconds(3600)).get(0).events().get(0).id());
    }

    @Test
    void silentSatisfiedsUseTheProductButHadNoHumanContactFor90Days() {
        Instant auditStart = NOW.minus(90, ChronoUnit.DAYS);
        DemoData.generate(NOW).stream().filter(a -> a.intendedQuadrant().equals("silent_satisfied")).forEach(account -> {
            assertThat(account.events()).filteredOn(e -> e.type().startsWith("contact.") && e.occurredAt().isAfter(auditStart))
                    .isEmpty();
            assertThat(account.events()).filteredOn(e -> e.type().startsWith("usage.")).hasSizeGreaterThanOrEqualTo(14);
        });
    }

    @Test
    void strugglingAccountsOpenManyTicketsAndCallInbound() {
        DemoData.generate(NOW).stream().filter(a -> a.intendedQuadrant().equals("struggling_needy")).forEach(account -> {
            assertThat(account.events()).filteredOn(e -> e.type().equals("support.ticket_opened")).hasSizeGreaterThanOrEqualTo(4);
            assertThat(account.events()).filteredOn(e -> "inbound".equals(e.attributes().get("direction"))).isNotEmpty();
        });
    }

    @Test
    void noEventLiesInTheFuture() {
        assertThat(DemoData.generate(NOW).stream().flatMap(a -> a.events().stream()))
                .allSatisfy(e -> assertThat(e.occurredAt()).isBefore(NOW));
    }

    @Test
    void idsDoNotDependOnTheDaySoReloadingLaterIsHarmlessToo() {
        DemoData.Portfolio today = DemoData.portfolio(NOW);
        DemoData.Portfolio later = DemoData.portfolio(NOW.plus(3, ChronoUnit.DAYS));

        assertThat(ids(later)).isEqualTo(ids(today));
        assertThat(later.all()).extracting(a -> a.crm().arr()).isEqualTo(today.all().stream().map(a -> a.crm().arr()).toList());
        assertThat(today.all().stream().flatMap(a -> a.movements().stream()).map(DemoData.Movement::id)).doesNotHaveDuplicates();
    }

    @Test
    void aTestPrefixChangesEveryIdAndNothingElse() {
        DemoData.Portfolio plain = DemoData.portfolio(NOW);
        DemoData.Portfolio prefixed = DemoData.portfolio(NOW, "t1-");

        assertThat(prefixed.all()).allSatisfy(a -> {
            assertThat(a.id()).startsWith("t1-");
            assertThat(a.movements()).allSatisfy(m -> assertThat(m.id()).startsWith("t1-"));
            assertThat(a.events()).allSatisfy(e -> assertThat(e.accountId()).isEqualTo(a.id()));
        });
        assertThat(prefixed.all()).extracting(DemoData.DemoAccount::expectedSignals)
                .isEqualTo(plain.all().stream().map(DemoData.DemoAccount::expectedSignals).toList());
    }

    @Test
    void everyAccountHasCrmDataInTheDemoRanges() {
        DemoData.Portfolio portfolio = DemoData.portfolio(NOW);
        List<DemoData.DemoAccount> all = portfolio.all();

        assertThat(all).hasSize(46);
        assertThat(all).allSatisfy(a -> {
            DemoData.Crm crm = a.crm();
            assertThat(crm.name()).isNotBlank();
            assertThat(crm.industry()).isIn(DemoData.INDUSTRIES);
            assertThat(crm.entitledFeatures()).isEqualTo(DemoData.PLAN_FEATURES.get(crm.planTier()));
            assertThat(eur(crm.arr(), crm.currency())).isBetween(new BigDecimal("8000"), new BigDecimal("250000"));
            assertThat(crm.currency()).isIn("EUR", "USD");
            assertThat(crm.contractStart()).isBetween(TODAY.minusYears(3), TODAY.minusYears(1));
            assertThat(crm.arrEffectiveDate()).isEqualTo(crm.contractStart());
            assertThat(crm.owner()).isIn(DemoData.OWNERS);
        });
        assertThat(all).extracting(a -> a.crm().name()).doesNotHaveDuplicates();
        assertThat(all).extracting(a -> a.crm().industry()).containsAll(DemoData.INDUSTRIES);
        assertThat(all).extracting(a -> a.crm().planTier()).contains("basic", "premium", "enterprise");
        assertThat(all).filteredOn(a -> a.crm().currency().equals("USD")).hasSize(2);
        // The 40 renew within the coming year, spread over it.
        assertThat(portfolio.accounts()).allSatisfy(a -> assertThat(a.crm().renewalDate()).isAfter(TODAY)
                .isBeforeOrEqualTo(TODAY.plusYears(1)));
        assertThat(portfolio.accounts().stream().map(a -> a.crm().renewalDate().getMonth()).distinct()).hasSizeGreaterThanOrEqualTo(8);
    }

    @Test
    void churnedExtrasLeftDuringTheLastYearWithTheirHistoryBeforeAndTheirChurnAsAnEvent() {
        List<DemoData.DemoAccount> churned = DemoData.portfolio(NOW).churned();

        assertThat(churned).hasSize(DemoData.CHURNED_ACCOUNTS);
        assertThat(churned).allSatisfy(a -> {
            assertThat(a.churned()).isTrue();
            assertThat(a.intendedQuadrant()).isNull();
            // The churn reaches scoring as an ARR-change event (the churn model's label), and segmentation through it.
            assertThat(a.movements()).isEmpty();
            List<DemoData.DemoEvent> churnEvents = a.events().stream().filter(e -> e.type().equals("commercial.arr_change")
                    && "churn".equals(e.attributes().get("kind"))).toList();
            assertThat(churnEvents).singleElement().satisfies(e ->
                    assertThat(e.occurredAt()).isAfter(NOW.minus(365, ChronoUnit.DAYS)).isBefore(NOW));
            Instant left = churnEvents.get(0).occurredAt();
            // A history while it was a customer, nothing after it left.
            assertThat(a.events()).hasSizeGreaterThan(1).allSatisfy(e -> assertThat(e.occurredAt()).isBeforeOrEqualTo(left));
        });
    }

    @Test
    void aYearOfArrMovementsWithOneReactivationAndArrChangesAsEvents() {
        DemoData.Portfolio portfolio = DemoData.portfolio(NOW);

        assertThat(portfolio.all().stream().flatMap(a -> a.movements().stream())).allSatisfy(m ->
                assertThat(m.effectiveDate()).isAfter(TODAY.minusDays(365)).isBefore(TODAY));
        assertThat(portfolio.all().stream().flatMap(a -> a.movements().stream()).map(DemoData.Movement::kind).distinct())
                .containsExactlyInAnyOrder("renewal", "expansion", "contraction", "churn", "reactivation");
        List<DemoData.DemoAccount> reactivated = portfolio.accounts().stream()
                .filter(a -> a.movements().stream().anyMatch(m -> m.kind().equals("reactivation"))).toList();
        assertThat(reactivated).singleElement().satisfies(a -> {
            assertThat(a.movements()).extracting(DemoData.Movement::kind).containsExactly("churn", "reactivation");
            assertThat(a.crm().renewalDate()).isEqualTo(a.movements().get(1).renewalDate())
                    .isEqualTo(a.movements().get(1).effectiveDate().plusYears(1));
        });
        List<DemoData.DemoEvent> arrEvents = portfolio.all().stream().flatMap(a -> a.events().stream())
                .filter(e -> e.type().equals("commercial.arr_change")).toList();
        // Three expansions and contractions of current accounts, and the churn of each former customer.
        assertThat(arrEvents).filteredOn(e -> !"churn".equals(e.attributes().get("kind"))).hasSize(3);
        assertThat(arrEvents).filteredOn(e -> "churn".equals(e.attributes().get("kind"))).hasSize(DemoData.CHURNED_ACCOUNTS);
        assertThat(arrEvents).allSatisfy(e -> {
            assertThat(e.attributes()).containsKeys("kind", "amount");
            assertThat(e.occurredAt()).isAfter(NOW.minus(365, ChronoUnit.DAYS));
        });
    }

    @Test
    void netRevenueRetentionOfTheYearIsPlausible() {
        // As segmentation computes it: the cohort is every account with ARR the day before the 365 days.
        LocalDate from = TODAY.minusDays(364);
        BigDecimal starting = BigDecimal.ZERO;
        BigDecimal ending = BigDecimal.ZERO;
        BigDecimal lost = BigDecimal.ZERO;
        for (DemoData.DemoAccount account : DemoData.portfolio(NOW).all()) {
            BigDecimal arr = eur(account.crm().arr(), account.crm().currency());
            List<Object[]> changes = new ArrayList<>();
            account.movements().forEach(m -> changes.add(new Object[] {m.effectiveDate(), m.kind(), m.amount()}));
            account.events().stream().filter(e -> e.type().equals("commercial.arr_change")).forEach(e -> changes.add(new Object[] {
                LocalDate.ofInstant(e.occurredAt(), ZoneOffset.UTC), e.attributes().get("kind"),
                new BigDecimal(e.attributes().get("amount").toString())}));
            changes.sort(Comparator.comparing(c -> (LocalDate) c[0]));
            assertThat(changes).allSatisfy(c -> assertThat((LocalDate) c[0]).isAfterOrEqualTo(from));
            starting = starting.add(arr);
            for (Object[] c : changes) {
                BigDecimal amount = c[2] == null ? BigDecimal.ZERO : eur((BigDecimal) c[2], account.crm().currency());
                BigDecimal after = switch ((String) c[1]) {
                    case "expansion", "reactivation" -> arr.add(amount);
                    case "contraction" -> arr.subtract(amount.min(arr));
                    case "churn" -> BigDecimal.ZERO;
                    default -> arr;
                };
                if (after.compareTo(arr) < 0) {
                    lost = lost.add(arr.subtract(after));
                }
                arr = after;
            }
            ending = ending.add(arr);
        }
        BigDecimal nrr = ending.divide(starting, 4, RoundingMode.HALF_UP);
        BigDecimal grr = starting.subtract(lost).divide(starting, 4, RoundingMode.HALF_UP);

        assertThat(nrr).isBetween(new BigDecimal("1.00"), new BigDecimal("1.10"));
        assertThat(grr).isBetween(new BigDecimal("0.85"), new BigDecimal("0.97"));
    }

    @Test
    void trapCandidatesHaveHighNpsNoHumanContactAndFallingUsage() {
        List<DemoData.DemoAccount> silent = DemoData.generate(NOW).stream()
                .filter(a -> a.quadrantId().equals("silent_satisfieds")).toList();
        List<DemoData.DemoAccount> traps = silent.stream().filter(DemoData.DemoAccount::trapCandidate).toList();

        assertThat(traps).hasSizeGreaterThanOrEqualTo(3);
        assertThat(DemoData.generate(NOW)).filteredOn(DemoData.DemoAccount::trapCandidate).allSatisfy(a ->
                assertThat(a.quadrantId()).isEqualTo("silent_satisfieds"));
        traps.forEach(account -> {
            int[] days = activeDays(account);
            assertThat(days[0]).as("%s active days in the last 30", account.id()).isLessThan((int) Math.ceil(0.8 * days[1]))
                    .isGreaterThanOrEqualTo(10); // still a heavy user: adoption stays at 55 or more
            assertThat(account.expectedSignals().activeDays30()).isEqualTo(days[0]);
            assertThat(account.expectedSignals().activeDaysPrevious30()).isEqualTo(days[1]);
            assertThat(account.expectedSignals().lastNps()).isBetween(7, 8);
            assertThat(account.expectedSignals().inboundContacts90() + account.expectedSignals().outboundContacts90()).isZero();
        });
        silent.stream().filter(a -> !a.trapCandidate()).forEach(account -> {
            int[] days = activeDays(account);
            assertThat(days[0]).as("%s is steady, not a trap", account.id()).isGreaterThanOrEqualTo((int) Math.ceil(0.8 * days[1]));
        });
    }

    @Test
    void contactAxisStaysClearOfTheThresholdAndItsHysteresis() {
        DemoData.generate(NOW).forEach(account -> {
            DemoData.Signals s = account.expectedSignals();
            double contact = s.inboundContacts90() + 0.5 * s.outboundContacts90();
            if (account.quadrantId().equals("active_advocates") || account.quadrantId().equals("struggling_needy")) {
                assertThat(contact).as(account.id()).isGreaterThanOrEqualTo(2.5);
            } else {
                assertThat(contact).as(account.id()).isLessThanOrEqualTo(1.5);
            }
        });
    }

    /** Distinct active days in the last 30 days and in the 30 before, counted from the events. */
    private static int[] activeDays(DemoData.DemoAccount account) {
        Set<LocalDate> recent = new HashSet<>();
        Set<LocalDate> before = new HashSet<>();
        account.events().stream().filter(e -> e.type().startsWith("usage.")).forEach(e -> {
            LocalDate day = LocalDate.ofInstant(e.occurredAt(), ZoneOffset.UTC);
            long age = ChronoUnit.DAYS.between(day, TODAY);
            if (age < 30) {
                recent.add(day);
            } else if (age < 60) {
                before.add(day);
            }
        });
        return new int[] {recent.size(), before.size()};
    }

    private static BigDecimal eur(BigDecimal amount, String currency) {
        return currency.equals("USD") ? amount.multiply(USD_RATE) : amount;
    }

    private static List<String> ids(DemoData.Portfolio portfolio) {
        return portfolio.all().stream().flatMap(a -> java.util.stream.Stream.concat(java.util.stream.Stream.of(a.id()),
                java.util.stream.Stream.concat(a.movements().stream().map(DemoData.Movement::id),
                        a.events().stream().map(DemoData.DemoEvent::id)))).collect(Collectors.toList());
    }
}

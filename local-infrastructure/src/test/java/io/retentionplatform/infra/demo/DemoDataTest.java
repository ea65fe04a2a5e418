package io.retentionplatform.infra.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

class DemoDataTest {

    private static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");

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
}

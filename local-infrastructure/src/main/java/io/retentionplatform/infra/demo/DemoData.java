package io.retentionplatform.infra.demo;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * A small, deterministic demo portfolio: ten accounts in each engagement quadrant with their CRM data, a year of ARR
 * history and the events that put them in their quadrant, plus a few accounts that churned during the last year.
 * Everything is drawn from a fixed seed; only the dates follow the day it is generated for. Ids (accounts, events,
 * movements) never depend on the date, so loading the demo again, on any day, records nothing twice.
 */
public final class DemoData {

    public static final int ACCOUNTS_PER_PROFILE = 10;
    /**
     * Extra accounts that did not renew in the last year: CRM data, a year of events until they left, and the churn as a
     * {@code commercial.arr_change} event (no quadrant intended).
     */
    public static final int CHURNED_ACCOUNTS = 6;
    /** The first Silent Satisfieds use the product less than before: satisfaction traps (NPS 7-8, no contact). */
    public static final int TRAP_CANDIDATES = 4;
    /** The CSMs who own the accounts. */
    public static final List<String> OWNERS = List.of("Sanne de Vries", "Daan Jansen", "Fatima El Amrani", "Lucas Bakker",
            "Noor Visser");
    public static final List<String> INDUSTRIES = List.of("saas", "professional_services", "manufacturing", "other");
    /** What each plan tier includes; forecasting and sso are premium features in segmentation-service's settings. */
    public static final Map<String, List<String>> PLAN_FEATURES = Map.of(
            "basic", List.of("dashboards", "reports", "alerts", "api"),
            "premium", List.of("dashboards", "reports", "alerts", "api", "workflows", "integrations", "forecasting"),
            "enterprise", List.of("dashboards", "reports", "alerts", "api", "workflows", "integrations", "forecasting",
                    "sso"));

    private static final String[] PREFIXES = {"noordzee", "delta", "polder", "rijnmond", "veluwe", "zuidas", "kempen",
        "waddens", "eemland", "betuwe", "hanze", "maasdal"};
    private static final String[] SUFFIXES = {"logistics", "software", "advies", "techniek", "metaal", "zorg", "media",
        "bouw", "energie", "data"};
    private static final Map<String, String> INDUSTRY_BY_SUFFIX = Map.of("software", "saas", "data", "saas",
            "advies", "professional_services", "media", "professional_services", "techniek", "manufacturing",
            "metaal", "manufacturing", "bouw", "manufacturing", "logistics", "other", "zorg", "other", "energie", "other");
    private static final Map<String, int[]> ARR_RANGE = Map.of("basic", new int[] {8_000, 30_000},
            "premium", new int[] {30_000, 90_000}, "enterprise", new int[] {90_000, 250_000});
    /** Accounts (by number) on a USD contract; segmentation converts at its configured rate. */
    private static final Set<Integer> USD_ACCOUNTS = Set.of(2, 15);
    /** The Struggling/Needy account that churned and came back on a smaller contract. */
    private static final int REACTIVATED_ACCOUNT = 29;
    /** Accounts (by number) whose ARR change arrives as a commercial.arr_change event, with its kind. */
    private static final Map<Integer, String> EVENT_ARR_CHANGES = Map.of(8, "expansion", 9, "expansion", 39, "contraction");
    private static final LocalTime NOON = LocalTime.of(12, 0);

    /** One event as the scoring webhook takes it. */
    public record DemoEvent(String id, String accountId, String type, Instant occurredAt, Map<String, Object> attributes) {
    }

    /** The CRM's record of an account, as segmentation's account batch takes it. */
    public record Crm(String name, String industry, String planTier, List<String> entitledFeatures, BigDecimal arr,
            String currency, LocalDate contractStart, LocalDate renewalDate, String owner, LocalDate arrEffectiveDate) {
    }

    /** An ARR movement as segmentation's {@code POST /accounts/{id}/arr-movements} takes it; amount in the contract's currency. */
    public record Movement(String id, String kind, BigDecimal amount, LocalDate effectiveDate, LocalDate renewalDate,
            String note) {
    }

    /** The signals scoring publishes for an account once it has folded all of the account's events. */
    public record Signals(int activeDays30, int activeDaysPrevious30, int inboundContacts90, int outboundContacts90,
            Integer lastNps) {
    }

    /**
     * A demo account. {@code intendedQuadrant} is the profile's name ({@code active_advocate}, ...), {@code quadrantId}
     * segmentation's id for it ({@code active_advocates}, ...); both are null for a churned account.
     */
    public record DemoAccount(String id, String intendedQuadrant, String quadrantId, Crm crm, List<Movement> movements,
            List<DemoEvent> events, boolean trapCandidate, Signals expectedSignals) {

        public boolean churned() {
            return quadrantId == null;
        }
    }

    /** The 40 accounts with a quadrant and the churned extras. */
    public record Portfolio(List<DemoAccount> accounts, List<DemoAccount> churned) {

        public List<DemoAccount> all() {
            return Stream.concat(accounts.stream(), churned.stream()).toList();
        }
    }

    private DemoData() {
    }

    /** The 40 accounts with a quadrant (ten per profile). */
    public static List<DemoAccount> generate(Instant now) {
        return portfolio(now).accounts();
    }

    public static Portfolio portfolio(Instant now) {
        return portfolio(now, "");
    }

    /**
     * The demo as of {@code now}, every id prefixed with {@code idPrefix} (empty for the demo itself; a test gives its
     * own prefix so that it does not meet a demo loaded on another day in the same databases).
     */
    public static Portfolio portfolio(Instant now, String idPrefix) {
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        List<DemoAccount> accounts = new ArrayList<>();
        List<DemoAccount> churned = new ArrayList<>();
        int n = 0;
        for (DemoProfile profile : DemoProfile.values()) {
            for (int i = 0; i < ACCOUNTS_PER_PROFILE; i++, n++) {
                accounts.add(account(idPrefix + id(n), n, profile, profile == DemoProfile.SILENT_SATISFIED && i < TRAP_CANDIDATES,
                        today));
            }
        }
        for (int i = 0; i < CHURNED_ACCOUNTS; i++, n++) {
            churned.add(account(idPrefix + id(n), n, null, false, today));
        }
        return new Portfolio(List.copyOf(accounts), List.copyOf(churned));
    }

    private static String id(int n) {
        return PREFIXES[n % PREFIXES.length] + "-" + SUFFIXES[(n / PREFIXES.length + n) % SUFFIXES.length]
                + "-" + String.format("%02d", n + 1);
    }

    private static DemoAccount account(String id, int n, DemoProfile profile, boolean trap, LocalDate today) {
        // A seed per account: changing one account's story leaves the others as they were.
        Random random = new Random(20261124L + 7919L * n);
        String suffix = SUFFIXES[(n / PREFIXES.length + n) % SUFFIXES.length];
        String name = capitalised(PREFIXES[n % PREFIXES.length]) + " " + capitalised(suffix);
        String tier = profile != null ? profile.tiers[random.nextInt(profile.tiers.length)]
                : "basic"; // small customers are the ones that left
        int[] range = ARR_RANGE.get(tier);
        BigDecimal arr = BigDecimal.valueOf(500L * between(random, range[0] / 500, range[1] / 500));
        String currency = USD_ACCOUNTS.contains(n) ? "USD" : "EUR";
        // Contract start 1-3 years ago, never within two weeks of an anniversary: the last renewal falls inside the
        // KPIs' 365 days and the next one inside the coming year, whatever day the demo is loaded.
        int years = between(random, 1, 2);
        int offset = between(random, 15, 350);
        LocalDate contractStart = today.minusYears(years).minusDays(offset);
        LocalDate lastAnniversary = contractStart.plusYears(years);
        String owner = OWNERS.get(random.nextInt(OWNERS.size()));

        List<Movement> movements = new ArrayList<>();
        LocalDate renewalDate = lastAnniversary.plusYears(1);
        if (profile == null) {
            renewalDate = lastAnniversary; // the renewal they did not take: its churn arrives as an event (below)
        } else if (n == REACTIVATED_ACCOUNT) {
            LocalDate churnedOn = today.minusDays(between(random, 280, 340));
            LocalDate back = churnedOn.plusDays(between(random, 120, 180));
            renewalDate = back.plusYears(1);
            movements.add(new Movement(id + "-m1", "churn", null, churnedOn, null, "cancelled after a failed rollout"));
            movements.add(new Movement(id + "-m2", "reactivation", share(arr, random, 50, 80), back, renewalDate,
                    "came back on a smaller contract"));
        } else {
            movements.add(new Movement(id + "-m1", "renewal", null, lastAnniversary, renewalDate, "renewed"));
            movements.addAll(changes(id, profile, arr, lastAnniversary, random, today));
        }
        Crm crm = new Crm(name, INDUSTRY_BY_SUFFIX.get(suffix), tier, PLAN_FEATURES.get(tier), arr, currency, contractStart,
                renewalDate, owner, contractStart);

        List<DemoEvent> events = new ArrayList<>();
        if (profile != null) {
            events.addAll(engagement(id, profile, trap, PLAN_FEATURES.get(tier), random, today));
        }
        if (profile == null) {
            // Sent to scoring, which keeps it for the churn model and forwards it to segmentation's ARR ledger.
            events.add(new DemoEvent(null, id, "commercial.arr_change", lastAnniversary.atTime(NOON).toInstant(ZoneOffset.UTC),
                    new LinkedHashMap<>(Map.of("kind", "churn", "amount", arr.longValueExact()))));
        }
        String eventChange = EVENT_ARR_CHANGES.get(n);
        if (eventChange != null) {
            BigDecimal amount = share(arr, random, 8, 20);
            events.add(new DemoEvent(null, id, "commercial.arr_change", at(today, between(random, 40, 150), NOON),
                    new LinkedHashMap<>(Map.of("kind", eventChange, "amount", amount.longValueExact()))));
        }
        events.sort(Comparator.comparing(DemoEvent::occurredAt)); // stable: same-time events keep their order
        List<DemoEvent> numbered = new ArrayList<>(IntStream.range(0, events.size()).mapToObj(s -> {
            DemoEvent e = events.get(s);
            return new DemoEvent("demo-" + id + "-e" + s, id, e.type(), e.occurredAt(), e.attributes());
        }).toList());
        // The year before, numbered apart so that the events above keep their ids.
        List<DemoEvent> earlier = history(id, n, profile, profile == null ? lastAnniversary : null, today);
        for (int h = 0; h < earlier.size(); h++) {
            DemoEvent e = earlier.get(h);
            numbered.add(new DemoEvent("demo-" + id + "-h" + h, id, e.type(), e.occurredAt(), e.attributes()));
        }
        numbered.sort(Comparator.comparing(DemoEvent::occurredAt));
        return new DemoAccount(id, profile == null ? null : profile.name().toLowerCase(Locale.ROOT),
                profile == null ? null : profile.quadrantId, crm, List.copyOf(movements), numbered, trap,
                profile == null ? null : signals(numbered, today));
    }

    /**
     * The history a churn model learns from (scoring-service README, "Churn model"): a year of usage and contact before
     * the recent events, all older than 100 days so that no score, quadrant or audit of today changes. Active Advocates
     * and Struggling accounts log in weekly and every other week and call in monthly; Silent Satisfieds log in weekly,
     * At-Risk accounts every other week, neither calls. The accounts that did not renew logged in weekly until their
     * churn and stopped calling 120 days before it. A seed of its own, so the other draws stay as they were.
     */
    private static List<DemoEvent> history(String account, int n, DemoProfile profile, LocalDate churnedOn, LocalDate today) {
        Random random = new Random(7_340_033L + 31L * n);
        List<DemoEvent> events = new ArrayList<>();
        LocalDate end = churnedOn != null ? churnedOn : today.minusDays(100);
        boolean everyWeek = profile == null || profile == DemoProfile.ACTIVE_ADVOCATE || profile == DemoProfile.SILENT_SATISFIED;
        for (LocalDate day = today.minusDays(365); day.isBefore(end); day = day.plusDays(everyWeek ? 7 : 14)) {
            events.add(event(account, "usage.login", day.atTime(LocalTime.of(9, random.nextInt(60))).toInstant(ZoneOffset.UTC),
                    Map.of()));
        }
        boolean calls = profile == null || profile == DemoProfile.ACTIVE_ADVOCATE || profile == DemoProfile.STRUGGLING_NEEDY;
        LocalDate lastCall = churnedOn != null ? churnedOn.minusDays(120) : end;
        for (LocalDate day = today.minusDays(360); calls && day.isBefore(lastCall); day = day.plusDays(30)) {
            events.add(event(account, "contact.call", day.atTime(LocalTime.of(14, random.nextInt(60))).toInstant(ZoneOffset.UTC),
                    Map.of("direction", "inbound")));
        }
        return events;
    }

    /** Expansions and contractions of the last year, as a CSM team would see them. */
    private static List<Movement> changes(String id, DemoProfile profile, BigDecimal arr, LocalDate lastAnniversary,
            Random random, LocalDate today) {
        List<Movement> changes = new ArrayList<>();
        int roll = random.nextInt(100);
        switch (profile) {
            case ACTIVE_ADVOCATE -> {
                if (roll < 80) {
                    changes.add(new Movement(id + "-m2", "expansion", share(arr, random, 15, 30), lastAnniversary, null,
                            "upsell at renewal"));
                }
                if (roll % 3 == 0) {
                    changes.add(new Movement(id + "-m3", "expansion", share(arr, random, 5, 15),
                            today.minusDays(between(random, 20, 330)), null, "more seats"));
                }
            }
            case SILENT_SATISFIED -> {
                if (roll < 40) {
                    changes.add(new Movement(id + "-m2", "expansion", share(arr, random, 5, 15), lastAnniversary, null,
                            "price indexation and seats"));
                }
            }
            case STRUGGLING_NEEDY -> {
                if (roll < 40) {
                    changes.add(new Movement(id + "-m2", "contraction", share(arr, random, 10, 30), lastAnniversary, null,
                            "downgraded at renewal"));
                }
            }
            case AT_RISK_DISENGAGED -> {
                if (roll < 40) {
                    changes.add(new Movement(id + "-m2", "contraction", share(arr, random, 15, 35),
                            today.minusDays(between(random, 20, 330)), null, "fewer seats"));
                }
            }
        }
        return changes;
    }

    private static List<DemoEvent> engagement(String account, DemoProfile p, boolean trap, List<String> entitled,
            Random random, LocalDate today) {
        List<DemoEvent> events = new ArrayList<>();
        int activeDays = between(random, p.minActiveDays, p.maxActiveDays);
        int activeDaysBefore = between(random, p.minActiveDaysBefore, p.maxActiveDaysBefore);
        int recentUpTo = 28;
        if (trap) {
            // Falling usage: 10-12 days now against 17-21 before (below the 0.8 ratio), the recent ones within the
            // last three weeks so that decayed adoption stays at 55 or more.
            activeDays = between(random, 10, 12);
            activeDaysBefore = between(random, 17, 21);
            recentUpTo = 20;
        } else if (p == DemoProfile.SILENT_SATISFIED) {
            activeDaysBefore = activeDays + between(random, -3, 2); // steady usage, not a trap
        }
        List<String> features = new ArrayList<>(entitled);
        Collections.shuffle(features, random);
        int used = (int) Math.round(between(random, p.minFeatureShare, p.maxFeatureShare) / 100.0 * entitled.size());
        used = trap ? Math.max(used, (int) Math.ceil(0.8 * entitled.size())) : used;
        used = Math.min(used, Math.max(1, activeDays));
        List<Integer> recent = ages(random, 1, recentUpTo, activeDays);
        List<Integer> before = ages(random, 31, 58, activeDaysBefore);
        List<Integer> days = new ArrayList<>(recent);
        days.addAll(before);
        for (int d = 0; d < days.size(); d++) {
            Instant at = at(today, days.get(d), LocalTime.of(between(random, 8, 17), between(random, 0, 59)));
            if (used > 0) {
                events.add(event(account, "usage.feature_used", at, Map.of("feature", features.get(d % used))));
            } else {
                events.add(event(account, "usage.login", at, Map.of()));
            }
        }
        String[] contactTypes = {"contact.meeting", "contact.call", "contact.email_reply"};
        int inbound = between(random, p.minInbound, p.maxInbound);
        int outbound = between(random, p.minOutbound, p.maxOutbound);
        for (int c = 0; c < inbound + outbound; c++) {
            events.add(event(account, contactTypes[c % contactTypes.length], daysAgo(today, random, 3, 85),
                    Map.of("direction", c < inbound ? "inbound" : "outbound")));
        }
        int tickets = between(random, p.minTickets, p.maxTickets);
        for (int t = 0; t < tickets; t++) {
            events.add(event(account, "support.ticket_opened", daysAgo(today, random, 2, 29),
                    Map.of("ticketId", account + "-T" + t, "severity", t % 3 == 0 ? "high" : "normal")));
            if (t % 3 == 0) {
                events.add(event(account, "support.ticket_closed", daysAgo(today, random, 1, 1),
                        Map.of("ticketId", account + "-T" + t, "csat", between(random, 2, 5))));
            }
        }
        events.add(event(account, "survey.nps", daysAgo(today, random, 10, 80),
                Map.of("score", between(random, p.minNps, p.maxNps))));
        for (int m = 0, opens = between(random, 0, 3); m < opens; m++) {
            events.add(event(account, "marketing.email_open", daysAgo(today, random, 1, 29),
                    Map.of("campaign", "newsletter-" + m)));
        }
        if (p.advocates) {
            String[] advocacy = {"advocacy.referral", "advocacy.case_study", "advocacy.review"};
            events.add(event(account, advocacy[random.nextInt(advocacy.length)], daysAgo(today, random, 3, 25), Map.of()));
        } else if (p == DemoProfile.SILENT_SATISFIED) {
            // Their last human contact lies beyond the 90 days of the silent-customer audit.
            events.add(event(account, "contact.meeting", daysAgo(today, random, 120, 200), Map.of("direction", "outbound")));
        }
        return events;
    }

    /** What scoring will publish once it has all events: active days per 30, contacts per 90 days, the last NPS. */
    private static Signals signals(List<DemoEvent> events, LocalDate today) {
        Set<LocalDate> recent = new HashSet<>();
        Set<LocalDate> before = new HashSet<>();
        int inbound = 0;
        int outbound = 0;
        Integer nps = null;
        Instant npsAt = null;
        for (DemoEvent e : events) {
            LocalDate day = LocalDate.ofInstant(e.occurredAt(), ZoneOffset.UTC);
            long age = ChronoUnit.DAYS.between(day, today);
            if (e.type().startsWith("usage.")) {
                (age < 30 ? recent : before).add(day);
            } else if (e.type().startsWith("contact.") && age < 90) {
                if ("inbound".equals(e.attributes().get("direction"))) {
                    inbound++;
                } else {
                    outbound++;
                }
            } else if (e.type().equals("survey.nps") && (npsAt == null || !e.occurredAt().isBefore(npsAt))) {
                nps = (Integer) e.attributes().get("score");
                npsAt = e.occurredAt();
            }
        }
        before.removeIf(day -> ChronoUnit.DAYS.between(day, today) >= 60);
        return new Signals(recent.size(), before.size(), inbound, outbound, nps);
    }

    /** {@code count} distinct ages (days ago) between {@code from} and {@code to}, oldest first. */
    private static List<Integer> ages(Random random, int from, int to, int count) {
        List<Integer> all = new ArrayList<>(IntStream.rangeClosed(from, to).boxed().toList());
        Collections.shuffle(all, random);
        List<Integer> chosen = new ArrayList<>(all.subList(0, Math.min(count, all.size())));
        chosen.sort(Comparator.reverseOrder());
        return chosen;
    }

    /** {@code min}-{@code max} percent of {@code arr}, in whole hundreds. */
    private static BigDecimal share(BigDecimal arr, Random random, int min, int max) {
        long amount = Math.round(arr.doubleValue() * between(random, min, max) / 100.0 / 100.0) * 100;
        return BigDecimal.valueOf(Math.max(100, amount));
    }

    private static DemoEvent event(String account, String type, Instant at, Map<String, Object> attributes) {
        return new DemoEvent(null, account, type, at, new LinkedHashMap<>(attributes));
    }

    private static Instant daysAgo(LocalDate today, Random random, int min, int max) {
        return at(today, between(random, min, max), LocalTime.of(between(random, 8, 17), between(random, 0, 59)));
    }

    /** A time on the day {@code days} before today (UTC): whole days, so scoring's day windows count what we count. */
    private static Instant at(LocalDate today, int days, LocalTime time) {
        return today.minusDays(days).atTime(time).toInstant(ZoneOffset.UTC);
    }

    private static String capitalised(String word) {
        return Character.toUpperCase(word.charAt(0)) + word.substring(1);
    }

    private static int between(Random random, int min, int max) {
        return min + random.nextInt(max - min + 1);
    }
}

package io.retentionplatform.infra.demo;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A small, deterministic demo portfolio: ten accounts in each engagement quadrant, with the events that put
 * them there. Event ids are stable, so loading the demo twice stores every event once.
 */
public final class DemoData {

    public static final int ACCOUNTS_PER_PROFILE = 10;

    private static final String[] PREFIXES = {"noordzee", "delta", "polder", "rijnmond", "veluwe", "zuidas", "kempen",
        "waddens", "eemland", "betuwe", "hanze", "maasdal"};
    private static final String[] SUFFIXES = {"logistics", "software", "advies", "techniek", "metaal", "zorg", "media",
        "bouw", "energie", "data"};
    private static final String[] FEATURES = {"dashboards", "reports", "api", "workflows", "integrations", "sso",
        "forecasting", "alerts"};

    /** One event as the scoring webhook takes it. */
    public record DemoEvent(String id, String accountId, String type, Instant occurredAt, Map<String, Object> attributes) {
    }

    /** A demo account with the quadrant its events are meant to put it in. */
    public record DemoAccount(String id, String intendedQuadrant, List<DemoEvent> events) {
    }

    private DemoData() {
    }

    public static List<DemoAccount> generate(Instant now) {
        Random random = new Random(20261124L);
        List<DemoAccount> accounts = new ArrayList<>();
        int n = 0;
        for (DemoProfile profile : DemoProfile.values()) {
            for (int i = 0; i < ACCOUNTS_PER_PROFILE; i++, n++) {
                String id = PREFIXES[n % PREFIXES.length] + "-" + SUFFIXES[(n / PREFIXES.length + n) % SUFFIXES.length]
                        + "-" + String.format("%02d", n + 1);
                accounts.add(new DemoAccount(id, profile.name().toLowerCase(), events(id, profile, random, now)));
            }
        }
        return accounts;
    }

    private static List<DemoEvent> events(String account, DemoProfile p, Random random, Instant now) {
        List<DemoEvent> events = new ArrayList<>();
        int activeDays = between(random, p.minActiveDays, p.maxActiveDays);
        int features = between(random, p.minFeatures, p.maxFeatures);
        for (int day = 0; day < activeDays; day++) {
            Instant at = now.minus(day + 1L, ChronoUnit.DAYS).plus(between(random, 8, 17), ChronoUnit.HOURS);
            if (features > 0) {
                events.add(event(account, events.size(), "usage.feature_used", at,
                        Map.of("feature", FEATURES[day % features])));
            } else {
                events.add(event(account, events.size(), "usage.login", at, Map.of()));
            }
        }
        int contacts = between(random, p.minContacts, p.maxContacts);
        String[] contactTypes = {"contact.meeting", "contact.call", "contact.email_reply"};
        for (int c = 0; c < contacts; c++) {
            events.add(event(account, events.size(), contactTypes[c % contactTypes.length], daysAgo(now, random, 1, 29),
                    Map.of("direction", c % 3 == 2 ? "outbound" : "inbound")));
        }
        int tickets = between(random, p.minTickets, p.maxTickets);
        for (int t = 0; t < tickets; t++) {
            events.add(event(account, events.size(), "support.ticket_opened", daysAgo(now, random, 2, 29),
                    Map.of("ticketId", account + "-T" + t, "severity", t % 3 == 0 ? "high" : "normal")));
            if (t % 3 == 0) {
                events.add(event(account, events.size(), "support.ticket_closed", daysAgo(now, random, 1, 1),
                        Map.of("ticketId", account + "-T" + t, "csat", between(random, 2, 5))));
            }
        }
        events.add(event(account, events.size(), "survey.nps", daysAgo(now, random, 10, 80),
                Map.of("score", between(random, p.minNps, p.maxNps))));
        for (int m = 0; m < between(random, 0, 3); m++) {
            events.add(event(account, events.size(), "marketing.email_open", daysAgo(now, random, 1, 29),
                    Map.of("campaign", "newsletter-" + m)));
        }
        if (p.advocates) {
            String[] advocacy = {"advocacy.referral", "advocacy.case_study", "advocacy.review"};
            events.add(event(account, events.size(), advocacy[random.nextInt(advocacy.length)], daysAgo(now, random, 1, 25),
                    Map.of()));
        } else if (p == DemoProfile.SILENT_SATISFIED) {
            // Their last human contact lies beyond the 90 days of the silent-customer audit.
            events.add(event(account, events.size(), "contact.meeting", daysAgo(now, random, 120, 200),
                    Map.of("direction", "outbound")));
        }
        return events;
    }

    private static DemoEvent event(String account, int sequence, String type, Instant at, Map<String, Object> attributes) {
        return new DemoEvent("demo-" + account + "-" + sequence, account, type, at, new LinkedHashMap<>(attributes));
    }

    private static Instant daysAgo(Instant now, Random random, int min, int max) {
        return now.minus(between(random, min, max), ChronoUnit.DAYS).minus(between(random, 0, 8), ChronoUnit.HOURS);
    }

    private static int between(Random random, int min, int max) {
        return min + random.nextInt(max - min + 1);
    }
}

package io.retentionplatform.infra.chaos;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * The campaign's events: ids unique to the run and the scenario, over a fixed set of accounts with known ids
 * ({@code chaos-0000} ...), a mix of the usage, support, contact, marketing, survey and advocacy types with the
 * attributes each needs. Commercial events are left out: they are forwarded to segmentation, which is not running.
 * Event {@code i} of a scenario is the same whatever thread makes it.
 */
final class ChaosEvents {

    private static final String[] FEATURES = {"dashboards", "reports", "api", "workflows", "integrations", "sso"};

    private final String idPrefix;
    private final List<String> accounts;
    private final long seed;
    private final Instant now;

    ChaosEvents(String runId, Scenario scenario, List<String> accounts, Instant now) {
        this.idPrefix = "chaos-" + runId + "-" + scenario.label() + "-event-";
        this.accounts = accounts;
        this.seed = (long) runId.hashCode() * 31 + scenario.ordinal();
        this.now = now;
    }

    /** chaos-0000, chaos-0001, ...: the accounts every scenario sends to. */
    static List<String> accounts(int count) {
        return IntStream.range(0, count).mapToObj(i -> String.format("chaos-%04d", i)).toList();
    }

    String id(int index) {
        return idPrefix + index;
    }

    /** Event {@code index} as the native webhook takes it. */
    Map<String, Object> event(int index) {
        SplittableRandom random = new SplittableRandom(seed * 1_000_003L + index);
        int roll = random.nextInt(100);
        String type;
        Map<String, Object> attributes = new LinkedHashMap<>();
        if (roll < 40) {
            type = "usage.feature_used";
            attributes.put("feature", FEATURES[random.nextInt(FEATURES.length)]);
        } else if (roll < 60) {
            type = "usage.login";
        } else if (roll < 68) {
            type = "support.ticket_opened";
            attributes.put("ticketId", "T" + random.nextInt(1000));
            attributes.put("severity", random.nextInt(5) == 0 ? "high" : "normal");
        } else if (roll < 74) {
            type = "support.ticket_closed";
            attributes.put("ticketId", "T" + random.nextInt(1000));
        } else if (roll < 82) {
            type = "contact.email_reply";
            attributes.put("direction", random.nextBoolean() ? "inbound" : "outbound");
        } else if (roll < 93) {
            type = "marketing.email_open";
            attributes.put("campaign", "newsletter-" + random.nextInt(12));
        } else if (roll < 97) {
            type = "survey.nps";
            attributes.put("score", random.nextInt(11));
        } else {
            type = "advocacy.review";
        }
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("id", id(index));
        event.put("accountId", accounts.get(random.nextInt(accounts.size())));
        event.put("type", type);
        event.put("occurredAt", now.minus(random.nextInt(30 * 24 * 60), ChronoUnit.MINUTES).toString());
        event.put("attributes", attributes);
        return event;
    }
}

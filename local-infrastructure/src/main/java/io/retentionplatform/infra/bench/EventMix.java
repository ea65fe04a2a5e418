package io.retentionplatform.infra.bench;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/** A realistic mix of engagement event types with the attributes each needs, over many accounts. */
final class EventMix {

    private static final String[] FEATURES = {"dashboards", "reports", "api", "workflows", "integrations", "sso", "forecasting"};

    private final Random random;
    private final int accounts;
    private final String accountPrefix;

    EventMix(long seed, int accounts, String accountPrefix) {
        this.random = new Random(seed);
        this.accounts = accounts;
        this.accountPrefix = accountPrefix;
    }

    String account(int i) {
        return accountPrefix + i;
    }

    /** One event as the native webhook takes it. */
    Map<String, Object> next(String id, Instant now) {
        return event(id, account(random.nextInt(accounts)), now);
    }

    Map<String, Object> event(String id, String account, Instant now) {
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
        event.put("id", id);
        event.put("accountId", account);
        event.put("type", type);
        event.put("occurredAt", now.minus(random.nextInt(60 * 24 * 60), ChronoUnit.MINUTES).toString());
        event.put("attributes", attributes);
        return event;
    }
}

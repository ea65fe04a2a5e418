package io.retentionplatform.infra.chaos;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Records no consumer can score, produced straight to the events topic (past the webhook's validation) among the
 * good ones: not JSON, bytes that are no text, JSON of another shape, an unknown schema version, a missing account,
 * an unknown event type. Each is keyed by an id of its own ({@code chaos-<run>-unreadable-<n>}), so the dead-letter topic
 * shows which arrived; the ones that carry an event id carry that same id, so the store shows none was kept.
 */
final class PoisonRecords {

    record Poison(String key, byte[] value) {
    }

    private PoisonRecords() {
    }

    static List<Poison> make(String runId, int count, Instant now) {
        List<Poison> poison = new ArrayList<>();
        for (int n = 0; n < count; n++) {
            String key = key(runId, n);
            poison.add(new Poison(key, value(n % 6, key, now)));
        }
        return poison;
    }

    static String key(String runId, int n) {
        return "chaos-" + runId + "-unreadable-" + n;
    }

    private static byte[] value(int kind, String id, Instant now) {
        String text = switch (kind) {
            case 0 -> "this is not JSON {";
            case 1 -> null;
            case 2 -> "[\"an\", \"array\", \"not an event\"]";
            case 3 -> event(99, id, "chaos-0000", "usage.login", now);
            case 4 -> event(1, id, null, "usage.login", now);
            default -> event(1, id, "chaos-0000", "usage.teleported", now);
        };
        return text == null ? new byte[] {(byte) 0xC3, 0x28, (byte) 0xFF, 0x00, (byte) 0xFE, 0x7B} : text.getBytes(StandardCharsets.UTF_8);
    }

    private static String event(int schemaVersion, String id, String account, String type, Instant now) {
        return "{\"schemaVersion\":" + schemaVersion + ",\"eventId\":\"" + id + "\",\"accountId\":"
                + (account == null ? "null" : "\"" + account + "\"") + ",\"type\":\"" + type + "\",\"occurredAt\":\""
                + now + "\",\"receivedAt\":\"" + now + "\",\"attributes\":{}}";
    }
}

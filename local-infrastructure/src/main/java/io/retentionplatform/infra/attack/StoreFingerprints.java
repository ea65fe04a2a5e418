package io.retentionplatform.infra.attack;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * Fingerprints of every store, and the wait for quiescence around them: the services may still be settling (an
 * event being scored, an outbox being relayed) when the campaign starts or ends, so a fingerprint counts only once two
 * taken a few seconds apart agree.
 */
final class StoreFingerprints {

    /** A fingerprint of all stores, and whether it was stable when taken. */
    record Snapshot(Map<String, Store.TableState> tables, boolean settled, Duration waited) {
    }

    private StoreFingerprints() {
    }

    static Map<String, Store.TableState> take(List<Store> stores) throws Exception {
        Map<String, Store.TableState> all = new TreeMap<>();
        for (Store store : stores) {
            all.putAll(store.fingerprint());
        }
        return all;
    }

    /** Takes fingerprints {@code interval} apart until two agree or {@code timeout} passes; returns the last. */
    static Snapshot settle(List<Store> stores, Duration interval, Duration timeout, Predicate<String> ignored) throws Exception {
        long started = System.nanoTime();
        long deadline = started + timeout.toNanos();
        Map<String, Store.TableState> previous = take(stores);
        while (true) {
            Thread.sleep(interval.toMillis());
            Map<String, Store.TableState> current = take(stores);
            boolean stable = changes(previous, current, ignored).isEmpty();
            if (stable || System.nanoTime() > deadline) {
                return new Snapshot(current, stable, Duration.ofNanos(System.nanoTime() - started));
            }
            previous = current;
        }
    }

    /** The tables whose count or hash differ (or that appeared or disappeared), with what changed. */
    static List<String> changes(Map<String, Store.TableState> before, Map<String, Store.TableState> after,
            Predicate<String> ignored) {
        List<String> changes = new ArrayList<>();
        TreeSet<String> names = new TreeSet<>(before.keySet());
        names.addAll(after.keySet());
        for (String name : names) {
            if (ignored.test(name)) {
                continue;
            }
            Store.TableState was = before.get(name);
            Store.TableState is = after.get(name);
            if (Objects.equals(was, is)) {
                continue;
            }
            if (was == null) {
                changes.add(name + " (appeared, " + is.count() + " rows)");
            } else if (is == null) {
                changes.add(name + " (disappeared, had " + was.count() + " rows)");
            } else if (was.count() != is.count()) {
                changes.add(name + " (rows " + was.count() + " -> " + is.count() + ")");
            } else {
                changes.add(name + " (same " + is.count() + " rows, content changed)");
            }
        }
        return changes;
    }

    /** Names to leave out: exact, or a prefix ending in '*' ("postgres:segmentation.outbox*"). */
    static Predicate<String> ignoring(List<String> patterns) {
        return name -> patterns.stream().anyMatch(p -> p.endsWith("*") ? name.startsWith(p.substring(0, p.length() - 1))
                : name.equals(p));
    }
}

package io.retentionplatform.infra.attack;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The counts of one category, and its first offenders with enough detail (method, URL, status, a body excerpt) for
 * a developer to find the code at fault.
 */
public final class Tally {

    static final int OFFENDERS_PER_KIND = 5;

    private final String category;
    private final LongAdder requests = new LongAdder();
    private final Map<Verdict, LongAdder> verdicts = new EnumMap<>(Verdict.class);
    private final LongAdder closed = new LongAdder();
    private final Map<Verdict, List<String>> offenders = new EnumMap<>(Verdict.class);
    private final Map<Verdict, Map<String, LongAdder>> groups = new EnumMap<>(Verdict.class);

    public Tally(String category) {
        this.category = category;
        for (Verdict v : Verdict.values()) {
            verdicts.put(v, new LongAdder());
            offenders.put(v, new ArrayList<>());
            groups.put(v, new ConcurrentHashMap<>());
        }
    }

    public String category() {
        return category;
    }

    /** One answer; {@code status} -1 when there was none. */
    public void record(Probe probe, Verdict verdict, int status, String excerpt) {
        requests.increment();
        verdicts.get(verdict).increment();
        if (verdict == Verdict.REJECTED || verdict == Verdict.RATE_LIMITED) {
            return;
        }
        groups.get(verdict).computeIfAbsent(probe.target().label() + " | " + kind(probe.what()), k -> new LongAdder()).increment();
        List<String> list = offenders.get(verdict);
        synchronized (list) {
            if (list.size() < OFFENDERS_PER_KIND) {
                list.add(String.format("%s %s [%s] %s -> %s %s", probe.method(), shorten(probe.url(), 140), probe.target().label(),
                        probe.what(), status < 0 ? "no answer" : Integer.toString(status), excerpt == null ? "" : excerpt));
            }
        }
    }

    /** An oversized request whose connection the server closed: a rejection, counted apart. */
    public void recordClosed(Probe probe) {
        closed.increment();
        record(probe, Verdict.REJECTED, -1, null);
    }

    /** Offending answers of a verdict counted per operation and kind of probe, most frequent first. */
    public List<Map.Entry<String, Long>> groups(Verdict verdict) {
        return groups.get(verdict).entrySet().stream().map(e -> Map.entry(e.getKey(), e.getValue().sum()))
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey())).toList();
    }

    /** The kind of a probe: its description up to the details ("a bad path parameter: id: NUL byte" keeps the variant). */
    static String kind(String what) {
        int colon = what.indexOf(':');
        if (colon < 0 || what.startsWith("a bad path parameter")) {
            return what;
        }
        return what.substring(0, colon);
    }

    public long requests() {
        return requests.sum();
    }

    public long count(Verdict verdict) {
        return verdicts.get(verdict).sum();
    }

    public long closed() {
        return closed.sum();
    }

    public List<String> offenders(Verdict verdict) {
        List<String> list = offenders.get(verdict);
        synchronized (list) {
            return List.copyOf(list);
        }
    }

    /** "requests=.. unexpected_2xx=.. server_errors=.. rate_limited=.. other_status=..". */
    public String counts() {
        return String.format("requests=%d unexpected_2xx=%d server_errors=%d rate_limited=%d other_status=%d", requests(),
                count(Verdict.UNEXPECTED_SUCCESS), count(Verdict.SERVER_ERROR), count(Verdict.RATE_LIMITED),
                count(Verdict.OTHER_STATUS));
    }

    static String shorten(String text, int max) {
        String flat = text.replaceAll("[\\r\\n\\t]+", " ");
        return flat.length() <= max ? flat : flat.substring(0, max) + "...(" + flat.length() + " chars)";
    }
}

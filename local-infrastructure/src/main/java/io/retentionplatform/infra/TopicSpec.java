package io.retentionplatform.infra;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * One topic of the suite as {@code topics.properties} declares it: {@code name=partitions [config=value ...]}, e.g.
 * {@code engagement-events=6 retention.ms=604800000}. Topics that carry account data declare a short
 * {@code retention.ms}, so that erased data does not stay in Kafka longer than that (root README, "Personal data").
 *
 * @param name       the topic
 * @param partitions its partition count
 * @param configs    topic configs set at creation and again at every start (an existing topic is brought in line)
 */
public record TopicSpec(String name, int partitions, Map<String, String> configs) {

    public static final String RETENTION_MS = "retention.ms";

    public TopicSpec {
        configs = Map.copyOf(configs);
    }

    /** Reads the topics of a properties file in name order. */
    static Map<String, TopicSpec> read(InputStream in) throws IOException {
        Properties p = new Properties();
        p.load(in);
        Map<String, TopicSpec> topics = new LinkedHashMap<>();
        p.stringPropertyNames().stream().sorted().forEach(name -> topics.put(name, parse(name, p.getProperty(name))));
        return topics;
    }

    static TopicSpec parse(String name, String value) {
        String[] parts = value.trim().split("\\s+");
        int partitions;
        try {
            partitions = Integer.parseInt(parts[0]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("topics.properties: " + name + " must start with its partition count, got: "
                    + value, e);
        }
        Map<String, String> configs = new LinkedHashMap<>();
        for (int i = 1; i < parts.length; i++) {
            int eq = parts[i].indexOf('=');
            if (eq < 1) {
                throw new IllegalArgumentException("topics.properties: " + name + ": expected config=value, got: " + parts[i]);
            }
            configs.put(parts[i].substring(0, eq), parts[i].substring(eq + 1));
        }
        return new TopicSpec(name, partitions, configs);
    }

    /** With {@code retention.ms} replaced by {@code retentionMs}, if the topic declares a retention at all. */
    TopicSpec withAccountDataRetention(Optional<Long> retentionMs) {
        if (retentionMs.isEmpty() || !configs.containsKey(RETENTION_MS)) {
            return this;
        }
        Map<String, String> changed = new LinkedHashMap<>(configs);
        changed.put(RETENTION_MS, Long.toString(retentionMs.get()));
        return new TopicSpec(name, partitions, changed);
    }
}

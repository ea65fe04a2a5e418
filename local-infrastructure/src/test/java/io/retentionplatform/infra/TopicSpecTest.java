package io.retentionplatform.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** topics.properties: every topic carries account data, so every one has a short retention that can be replaced. */
class TopicSpecTest {

    @Test
    void everyTopicOfTheSuiteKeepsItsRecordsSevenDaysAtMost() throws Exception {
        Map<String, TopicSpec> topics = LocalInfrastructure.topics();

        assertThat(topics).containsKeys("engagement-events", "erasure-requests", "erasure-requests-dlq",
                "erasure-confirmations", "erasure-confirmations-dlq");
        assertThat(topics.values()).allSatisfy(topic -> {
            assertThat(Long.parseLong(topic.configs().get(TopicSpec.RETENTION_MS)))
                    .as(topic.name()).isLessThanOrEqualTo(Duration.ofDays(7).toMillis());
            assertThat(topic.partitions()).isPositive();
        });
    }

    @Test
    void theAccountDataRetentionReplacesEveryDeclaredRetention() {
        TopicSpec spec = TopicSpec.parse("health-scores", " 6  retention.ms=604800000 segment.ms=86400000");

        assertThat(spec.partitions()).isEqualTo(6);
        assertThat(spec.withAccountDataRetention(Optional.of(3_600_000L)).configs())
                .containsEntry("retention.ms", "3600000").containsEntry("segment.ms", "86400000");
        assertThat(spec.withAccountDataRetention(Optional.empty())).isEqualTo(spec);
        assertThat(TopicSpec.parse("plain", "3").withAccountDataRetention(Optional.of(1L)).configs()).isEmpty();
    }

    @Test
    void aLineWithoutPartitionsOrWithAStrayWordIsRefusedNamingTheTopic() {
        assertThatThrownBy(() -> TopicSpec.parse("t", "retention.ms=1")).hasMessageContaining("t must start");
        assertThatThrownBy(() -> TopicSpec.parse("t", "6 compact")).hasMessageContaining("config=value");
        assertThatThrownBy(() -> InfrastructureSettings.from(new String[] {"--account-data-retention-ms=0"}, Map.of()))
                .hasMessageContaining("--account-data-retention-ms");
    }
}

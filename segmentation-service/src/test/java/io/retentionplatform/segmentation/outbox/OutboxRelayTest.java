package io.retentionplatform.segmentation.outbox;

import static io.retentionplatform.segmentation.Fixtures.awaitAccount;
import static io.retentionplatform.segmentation.Fixtures.awaitSegmentChanges;
import static io.retentionplatform.segmentation.Fixtures.messagesOf;
import static io.retentionplatform.segmentation.Fixtures.publish;
import static io.retentionplatform.segmentation.Fixtures.score;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;

import jakarta.inject.Inject;

import io.quarkus.test.junit.QuarkusTest;
import io.retentionplatform.contracts.SegmentChangeMessage;
import io.retentionplatform.contracts.Topics;
import io.retentionplatform.segmentation.Fixtures;
import io.retentionplatform.support.testing.TestTokens;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The outbox: a change is committed with its message; a relay that was down publishes it later, and a relay that died
 * after Kafka's ack but before marking the message publishes it again under the same message id (consumers dedupe).
 */
@QuarkusTest
class OutboxRelayTest {

    @BeforeAll
    static void signIn() {
        TestTokens.signInAsOperator();
    }

    @AfterAll
    static void signOut() {
        TestTokens.signOut();
    }

    @Inject
    OutboxRelay relay;

    private static ConsumerTask<String, String> segmentChanges;

    @BeforeAll
    static void follow() {
        segmentChanges = Fixtures.follow(Topics.SEGMENT_CHANGES);
    }

    @AfterAll
    static void stop() {
        segmentChanges.close();
    }

    @AfterEach
    void restoreRelay() {
        relay.simulateCrashAfterSend(false);
        relay.pause(false);
    }

    @Test
    void aChangeCommittedWhileTheRelayIsDownIsPublishedOnceItRuns() {
        relay.pause(true);
        String account = Fixtures.id("outbox-down");
        publish(score(account, 1, 80, 0, 0, null, false));

        awaitAccount(account, b -> "silent_satisfieds".equals(b.getString("quadrant.current"))); // committed
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3))
                .until(() -> messagesOf(segmentChanges, account, SegmentChangeMessage.class), List::isEmpty);

        relay.pause(false);
        List<SegmentChangeMessage> published = awaitSegmentChanges(segmentChanges, account, list -> !list.isEmpty());
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3))
                .until(() -> messagesOf(segmentChanges, account, SegmentChangeMessage.class).size() == 1);
        assertThat(published.get(0).segment()).isEqualTo("quadrant:silent_satisfieds");
    }

    @Test
    void aRelayThatDiesAfterTheSendPublishesAgainUnderTheSameMessageId() {
        relay.simulateCrashAfterSend(true);
        String account = Fixtures.id("outbox-crash");
        publish(score(account, 1, 20, 0, 0, null, false));
        awaitSegmentChanges(segmentChanges, account, list -> !list.isEmpty()); // sent, never marked

        relay.simulateCrashAfterSend(false);
        List<SegmentChangeMessage> copies = awaitSegmentChanges(segmentChanges, account, list -> list.size() >= 2);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4))
                .until(() -> messagesOf(segmentChanges, account, SegmentChangeMessage.class).size() == copies.size());
        assertThat(copies).extracting(SegmentChangeMessage::messageId).containsOnly(copies.get(0).messageId());
        assertThat(copies).extracting(SegmentChangeMessage::segment).containsOnly("quadrant:at_risk_disengaged");
    }
}

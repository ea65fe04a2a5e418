package io.retentionplatform.gateway.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.smallrye.mutiny.helpers.test.AssertSubscriber;
import org.junit.jupiter.api.Test;

/** A live feed fans out to every subscriber; one that does not keep up loses changes, the others do not wait. */
class LiveFeedTest {

    @Test
    void aSubscriberThatTakesNothingNeitherBlocksNorBuffersForTheOthers() {
        LiveFeed<Integer> feed = new LiveFeed<>("test");
        List<Integer> fast = new CopyOnWriteArrayList<>();
        feed.subscribe(i -> true).subscribe().with(fast::add);
        // The slow one asks for one change and then never again.
        AssertSubscriber<Integer> slow = feed.subscribe(i -> true).subscribe().withSubscriber(AssertSubscriber.create(1));

        for (int i = 0; i < 100_000; i++) {
            feed.publish(i);
        }

        assertThat(fast).hasSize(100_000);
        assertThat(slow.getItems()).containsExactly(0);
        assertThat(feed.published()).isEqualTo(100_000);
        // It gets the changes after it asks again, not the ones it missed (they were dropped, not queued).
        slow.request(1);
        feed.publish(-1);
        assertThat(slow.getItems()).containsExactly(0, -1);
    }

    @Test
    void eachSubscriberSeesOnlyWhatItsFilterPasses() {
        LiveFeed<String> feed = new LiveFeed<>("test");
        List<String> acme = new CopyOnWriteArrayList<>();
        feed.subscribe("acme"::equals).subscribe().with(acme::add);
        feed.publish("globex");
        feed.publish("acme");
        feed.publish("initech");
        assertThat(acme).containsExactly("acme");
    }
}

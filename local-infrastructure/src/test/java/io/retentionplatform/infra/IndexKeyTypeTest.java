package io.retentionplatform.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.bson.Document;
import org.h2.mvstore.type.ObjectDataType;
import org.junit.jupiter.api.Test;

/** The index key type orders keys exactly as H2's own type does, so existing data files keep their order. */
class IndexKeyTypeTest {

    @Test
    void ordersIndexKeysAsH2sObjectDataTypeDoes() {
        Random random = new Random(42);
        List<KeyValue> keys = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            keys.add(switch (random.nextInt(5)) {
                case 0 -> new KeyValue("acct-" + random.nextInt(100_000));
                case 1 -> new KeyValue((long) random.nextInt());
                case 2 -> new KeyValue(random.nextInt(1000), "evt-" + random.nextInt(1000));
                case 3 -> new KeyValue(new Document("nested", random.nextInt(10)));
                default -> new KeyValue(random.nextDouble());
            });
        }
        ObjectDataType h2 = new ObjectDataType();
        IndexKeyType ours = new IndexKeyType();
        List<KeyValue> byH2 = new ArrayList<>(keys);
        byH2.sort(h2::compare);
        List<KeyValue> byOurs = new ArrayList<>(keys);
        byOurs.sort(ours::compare);
        assertThat(byOurs).containsExactlyElementsOf(byH2);
        for (int i = 0; i < 2_000; i++) {
            KeyValue a = keys.get(random.nextInt(keys.size()));
            KeyValue b = keys.get(random.nextInt(keys.size()));
            assertThat(Integer.signum(ours.compare(a, b))).as("%s vs %s", a, b).isEqualTo(Integer.signum(h2.compare(a, b)));
        }
    }

    @Test
    void equalKeysThatAreDifferentObjectsCompareEqual() {
        IndexKeyType ours = new IndexKeyType();
        assertThat(ours.compare(new KeyValue("acct-1"), new KeyValue("acct-1"))).isZero();
        assertThat(ours.compare(new KeyValue("acct-1"), new KeyValue("acct-2"))).isNotZero();
        // Other objects than index keys are compared as H2 compares them.
        Comparator<Object> h2 = new ObjectDataType()::compare;
        assertThat(Integer.signum(ours.compare(3L, 7L))).isEqualTo(Integer.signum(h2.compare(3L, 7L)));
    }
}

package io.retentionplatform.infra;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import de.bwaldvogel.mongo.backend.KeyValue;
import org.h2.mvstore.type.ObjectDataType;

/**
 * The key type of a unique index's map: H2's {@link ObjectDataType} (same bytes on disk, same order), except that
 * each key is serialized for comparison once rather than at every comparison.
 * <p>
 * An index key ({@link KeyValue}) is not {@link Comparable}, so H2 orders such keys by their Java-serialized bytes
 * and serialized both sides of every comparison: a lookup in a map of a few hundred thousand keys serialized some
 * forty keys, and that took about half of the wire server's time under scoring-service's load. The serialized form
 * of each key object is remembered here (weakly, by identity: a key dropped from H2's page cache is forgotten),
 * so the order, and with it every existing data file, stays exactly as it was.
 */
final class IndexKeyType extends ObjectDataType {

    private final Cache<Object, byte[]> serialized = Caffeine.newBuilder().weakKeys().maximumSize(2_000_000).build();

    @Override
    public int compare(Object a, Object b) {
        if (a instanceof KeyValue && b instanceof KeyValue) {
            return a == b ? 0 : compareNotNull(bytes(a), bytes(b));
        }
        return super.compare(a, b);
    }

    private byte[] bytes(Object key) {
        return serialized.get(key, ObjectDataType::serialize);
    }
}

package de.bwaldvogel.mongo.backend.h2;

import java.util.List;

import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import org.h2.mvstore.MVMap;

/**
 * Opens mongo-java-server's H2 unique index over a map the caller opened (whose constructor is package-private),
 * so that the launcher's backend can give index maps a key type of its own ({@code IndexKeyType}).
 */
public final class UniqueIndexes {

    private UniqueIndexes() {
    }

    public static H2UniqueIndex over(MVMap<KeyValue, Object> map, String name, List<IndexKey> keys, boolean sparse) {
        return new H2UniqueIndex(map, name, keys, sparse);
    }
}

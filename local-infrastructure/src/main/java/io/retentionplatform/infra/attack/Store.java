package io.retentionplatform.infra.attack;

import java.util.Map;

/**
 * A data store whose content the campaign fingerprints before and after: a refused or rejected request must leave
 * every table and collection exactly as it was.
 */
interface Store extends AutoCloseable {

    /** The row (document) count and a hash over the content of one table or collection. */
    record TableState(long count, String hash) {
    }

    /** "mongo scoring" or "postgres segmentation,nurture", for reports. */
    String name();

    /** Every table or collection, keyed "mongo:scoring.events", "postgres:segmentation.account". */
    Map<String, TableState> fingerprint() throws Exception;

    @Override
    default void close() {
    }
}

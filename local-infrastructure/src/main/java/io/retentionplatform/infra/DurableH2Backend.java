package io.retentionplatform.infra;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.h2.H2Database;
import de.bwaldvogel.mongo.backend.h2.UniqueIndexes;
import de.bwaldvogel.mongo.bson.Document;
import io.netty.channel.Channel;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

/**
 * mongo-java-server's H2 backend with two changes: a command that may write answers only once its change is
 * durable (see {@link GroupCommit}), and filters on {@code _id} plus other fields use the {@code _id} index (see
 * {@link IdFirstH2Collection}). The data file stays the library's format: a store written by the plain
 * {@code H2Backend} opens here, and the other way round.
 */
final class DurableH2Backend extends H2Backend {

    /** Commands that never change the store; every other one (unknown ones too) waits for its commit. */
    private static final Set<String> READ_ONLY_COMMANDS = caseInsensitive("find", "getMore", "count", "distinct",
            "listCollections", "listIndexes", "listDatabases", "dbStats", "collStats", "validate", "explain", "isMaster",
            "hello", "buildInfo", "ping", "serverStatus", "whatsmyuri", "killCursors", "getLastError", "connectionStatus",
            "hostInfo", "getCmdLineOpts", "getFreeMonitoringStatus", "endSessions", "replSetGetStatus", "getLog",
            "getParameter", "saslStart", "saslContinue", "logout", "currentOp");
    /** Aggregation stages that write into a collection. */
    private static final Set<String> WRITING_STAGES = Set.of("$out", "$merge");

    private final GroupCommit groupCommit;

    /**
     * @param store       opened with auto-commit disabled (commits happen only between commands)
     * @param forceToDisk whether every commit is forced to disk as well (survives an operating-system crash too)
     */
    DurableH2Backend(MVStore store, boolean forceToDisk) {
        super(store);
        this.groupCommit = new GroupCommit(store, forceToDisk);
    }

    @Override
    public Document handleCommand(Channel channel, String databaseName, String command, Document query) {
        if (readsOnly(command, query)) {
            return super.handleCommand(channel, databaseName, command, query);
        }
        return groupCommit.write(() -> super.handleCommand(channel, databaseName, command, query));
    }

    static boolean readsOnly(String command, Document query) {
        if (command.equalsIgnoreCase("aggregate")) {
            return !(query.get("pipeline") instanceof List<?> stages) || stages.stream()
                    .noneMatch(stage -> stage instanceof Document d && d.keySet().stream().anyMatch(WRITING_STAGES::contains));
        }
        return READ_ONLY_COMMANDS.contains(command);
    }

    /** Commits made so far: fewer than the writes when concurrent writers shared them. */
    long commits() {
        return groupCommit.commits();
    }

    @Override
    protected MongoDatabase openOrCreateDatabase(String databaseName) {
        return new IdFirstH2Database(databaseName);
    }

    /** Answers the writes still waiting, then closes the store (which commits once more). */
    @Override
    public void close() {
        groupCommit.close();
        super.close();
    }

    private static Set<String> caseInsensitive(String... names) {
        Set<String> set = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        set.addAll(List.of(names));
        return set;
    }

    /**
     * H2Database opening {@link IdFirstH2Collection}s. An inner class: H2Database's constructor already opens the
     * existing collections through {@link #openOrCreateCollection}, before any field of a subclass is set, while the
     * enclosing backend (and so its store) is set before that constructor runs.
     */
    private final class IdFirstH2Database extends H2Database {

        // The map names H2Database gives a collection's documents and size (kept, so existing files open).
        private static final String DOCUMENTS_PREFIX = "databases.";
        private static final String META_PREFIX = "meta.";
        private static final String INDEX_INFIX = "._index_";

        IdFirstH2Database(String databaseName) {
            super(databaseName, getMvStore(), getCursorRegistry());
        }

        /** mongo-java-server's unique index over a map whose keys are compared by {@link IndexKeyType}. */
        @Override
        protected Index<Object> openOrCreateUniqueIndex(String collectionName, String indexName, List<IndexKey> keys,
                boolean sparse) {
            String mapName = getFullCollectionNamespace(collectionName) + INDEX_INFIX + indexName;
            MVMap<KeyValue, Object> map = getMvStore().openMap(mapName,
                    new MVMap.Builder<KeyValue, Object>().keyType(new IndexKeyType()));
            return UniqueIndexes.over(map, indexName, keys, sparse);
        }

        @Override
        protected MongoCollection<Object> openOrCreateCollection(String collectionName, CollectionOptions options) {
            String fullName = getFullCollectionNamespace(collectionName);
            MVMap<Object, Document> documents = getMvStore().openMap(DOCUMENTS_PREFIX + fullName);
            MVMap<String, Object> meta = getMvStore().openMap(META_PREFIX + fullName);
            return new IdFirstH2Collection(this, collectionName, options, documents, meta, cursorRegistry);
        }
    }
}

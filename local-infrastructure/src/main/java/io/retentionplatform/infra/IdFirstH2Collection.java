package io.retentionplatform.infra;

import java.util.Collection;
import java.util.List;
import java.util.Set;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.h2.H2Collection;
import de.bwaldvogel.mongo.bson.BsonRegularExpression;
import de.bwaldvogel.mongo.bson.Document;
import org.h2.mvstore.MVMap;

/**
 * An H2 collection that answers a filter naming {@code _id} with a plain value (or an {@code $in} list of them)
 * plus other conditions, at its top level or in an {@code $and}, through the {@code _id} index: the documents with
 * that id are looked up, then the whole filter is matched against them. mongo-java-server uses an index only when
 * the filter's fields are exactly the index's, so {@code {_id: X, revision: R}} (scoring-service's conditional
 * writes) would scan the whole collection. Every other filter goes the library's way unchanged.
 */
final class IdFirstH2Collection extends H2Collection {

    private static final String IN = "$in";
    private static final String AND = "$and";

    IdFirstH2Collection(MongoDatabase database, String collectionName, CollectionOptions options,
            MVMap<Object, Document> dataMap, MVMap<String, Object> metaMap, CursorRegistry cursorRegistry) {
        super(database, collectionName, options, dataMap, metaMap, cursorRegistry);
    }

    @Override
    protected QueryResult queryDocuments(Document query, Document orderBy, int numberToSkip, int limit, int batchSize,
            Document fieldSelector) {
        String idField = getIdField();
        // {_id: X} alone is the library's own case; anything more with an exact _id condition is ours.
        Object ids = idField == null || query.keySet().equals(Set.of(idField)) ? null : idCondition(query, idField);
        if (ids != null) {
            Document idOnly = new Document(idField, ids);
            for (Index<Object> index : getIndexes()) {
                if (isIndexOn(index, idField) && index.canHandle(idOnly)) {
                    // Every document the filter matches has one of these ids: match the whole filter against them.
                    return matchDocuments(query, index.getPositions(idOnly), orderBy, numberToSkip, limit, batchSize,
                            fieldSelector);
                }
            }
        }
        return super.queryDocuments(query, orderBy, numberToSkip, limit, batchSize, fieldSelector);
    }

    /**
     * The exact id condition every matching document must meet, from the filter's top level or one of its
     * {@code $and} terms (the Java driver's {@code Filters.and} writes {@code {$and: [{_id: X}, {revision: R}]}}),
     * or null when there is none.
     */
    static Object idCondition(Document query, String idField) {
        if (query.containsKey(idField)) {
            Object value = query.get(idField);
            return isIdLookup(value) ? value : null;
        }
        if (query.get(AND) instanceof List<?> terms) {
            for (Object term : terms) {
                if (term instanceof Document termQuery) {
                    Object value = idCondition(termQuery, idField);
                    if (value != null) {
                        return value;
                    }
                }
            }
        }
        return null;
    }

    private static boolean isIndexOn(Index<Object> index, String field) {
        List<IndexKey> keys = index.getKeys();
        return index.isUnique() && keys.size() == 1 && keys.get(0).getKey().equals(field);
    }

    /** A plain id, or {@code {$in: [plain ids]}}: what the unique index answers exactly. */
    static boolean isIdLookup(Object value) {
        if (value instanceof Document condition) {
            return condition.size() == 1 && condition.get(IN) instanceof Collection<?> ids && !ids.isEmpty()
                    && ids.stream().allMatch(IdFirstH2Collection::isPlainValue);
        }
        return isPlainValue(value);
    }

    private static boolean isPlainValue(Object value) {
        return value != null && !(value instanceof Document) && !(value instanceof Collection)
                && !BsonRegularExpression.isRegularExpression(value);
    }
}

package io.retentionplatform.infra.attack;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCursor;
import com.mongodb.client.MongoDatabase;
import org.bson.Document;
import org.bson.json.JsonMode;
import org.bson.json.JsonWriterSettings;

/**
 * Fingerprints one MongoDB database: per collection, the document count and a SHA-256 over the documents in
 * {@code _id} order, each as canonical Extended JSON (types kept: a number that became a string changes the hash).
 */
final class MongoStore implements Store {

    private static final JsonWriterSettings CANONICAL = JsonWriterSettings.builder().outputMode(JsonMode.EXTENDED).build();

    private final String database;
    private final MongoClient client;

    /** {@code uri} names the database ({@code mongodb://host:port/scoring}); without one, {@code scoring}. */
    MongoStore(String uri) {
        ConnectionString connection = new ConnectionString(uri);
        this.database = connection.getDatabase() == null ? "scoring" : connection.getDatabase();
        this.client = MongoClients.create(MongoClientSettings.builder().applyConnectionString(connection)
                .applyToClusterSettings(c -> c.serverSelectionTimeout(5, TimeUnit.SECONDS))
                .applyToSocketSettings(s -> s.connectTimeout(5, TimeUnit.SECONDS).readTimeout(60, TimeUnit.SECONDS))
                .build());
    }

    @Override
    public String name() {
        return "mongo " + database;
    }

    @Override
    public Map<String, TableState> fingerprint() {
        MongoDatabase db = client.getDatabase(database);
        List<String> collections = new ArrayList<>();
        db.listCollectionNames().into(collections);
        Map<String, TableState> states = new TreeMap<>();
        for (String collection : collections) {
            if (collection.startsWith("system.")) {
                continue;
            }
            MessageDigest sha = sha256();
            long count = 0;
            try (MongoCursor<Document> cursor = db.getCollection(collection).find().sort(new Document("_id", 1)).batchSize(1000)
                    .iterator()) {
                while (cursor.hasNext()) {
                    sha.update(cursor.next().toJson(CANONICAL).getBytes(StandardCharsets.UTF_8));
                    sha.update((byte) '\n');
                    count++;
                }
            }
            states.put("mongo:" + database + "." + collection, new TableState(count, HexFormat.of().formatHex(sha.digest())));
        }
        return states;
    }

    @Override
    public void close() {
        client.close();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

package io.retentionplatform.infra.attack;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Fingerprints PostgreSQL databases: per table of schema {@code public} (Flyway's history excepted), the row count and
 * an md5 over the md5 of each row's text, in sorted order (so the physical order of rows does not matter).
 */
final class PostgresStore implements Store {

    private final String serverUrl;
    private final List<String> databases;
    private final Properties credentials = new Properties();

    /** {@code url} is {@code jdbc:postgresql://host:port}; a database in it is ignored, {@code databases} are read. */
    PostgresStore(String url, String user, String password, List<String> databases) {
        this.serverUrl = serverUrl(url);
        this.databases = List.copyOf(databases);
        credentials.setProperty("user", user);
        credentials.setProperty("password", password == null ? "" : password);
        credentials.setProperty("connectTimeout", "5");
        credentials.setProperty("socketTimeout", "120");
        credentials.setProperty("ApplicationName", "attack-campaign");
    }

    @Override
    public String name() {
        return "postgres " + String.join(",", databases);
    }

    @Override
    public Map<String, TableState> fingerprint() throws SQLException {
        Map<String, TableState> states = new TreeMap<>();
        for (String database : databases) {
            try (Connection db = DriverManager.getConnection(serverUrl + "/" + database, credentials)) {
                db.setReadOnly(true);
                List<String> tables = new ArrayList<>();
                try (Statement statement = db.createStatement();
                     ResultSet rows = statement.executeQuery("SELECT table_name FROM information_schema.tables "
                             + "WHERE table_schema = 'public' AND table_type = 'BASE TABLE' "
                             + "AND table_name <> 'flyway_schema_history' ORDER BY table_name")) {
                    while (rows.next()) {
                        tables.add(rows.getString(1));
                    }
                }
                for (String table : tables) {
                    String quoted = "\"" + table.replace("\"", "\"\"") + "\"";
                    try (Statement statement = db.createStatement();
                         ResultSet row = statement.executeQuery("SELECT count(*), md5(coalesce(string_agg(md5(t::text), '' "
                                 + "ORDER BY md5(t::text)), '')) FROM public." + quoted + " t")) {
                        row.next();
                        states.put("postgres:" + database + "." + table, new TableState(row.getLong(1), row.getString(2)));
                    }
                }
            }
        }
        return states;
    }

    /** {@code jdbc:postgresql://host:port[/db][?...]} without database and parameters. */
    static String serverUrl(String url) {
        int authority = url.indexOf("//");
        if (authority < 0) {
            throw new IllegalArgumentException("not a jdbc:postgresql://host:port URL: " + url);
        }
        int path = url.indexOf('/', authority + 2);
        int query = url.indexOf('?', authority + 2);
        int end = path >= 0 ? path : query >= 0 ? query : url.length();
        return url.substring(0, end);
    }
}

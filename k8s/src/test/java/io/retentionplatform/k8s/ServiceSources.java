package io.retentionplatform.k8s;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What the services' own sources say a deployment must give them: their production configuration (the shared
 * baseline of platform-support, then each service's application.properties), the environment variables it reads, the
 * Kafka topics it names, and whether it uses Kafka at all.
 */
final class ServiceSources {

    static final List<String> SERVICES = List.of("scoring-service", "segmentation-service", "nurture-service", "gateway");

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z0-9_.]+)(?::([^}]*))?}");
    /** Defaults that only make sense on a developer's machine. */
    private static final Pattern LOCAL_ONLY = Pattern.compile("127\\.0\\.0\\.1|localhost|\\.local\\b");
    /** Settings always needed in a cluster though the configuration does not say so: the token verification key. */
    private static final Set<String> ALWAYS_REQUIRED = Set.of("MP_JWT_VERIFY_PUBLICKEY_LOCATION");
    /** Names of settings whose values are credentials: these must come from a Secret. */
    static final Pattern SECRET_LIKE = Pattern.compile("(?i).*(PASSWORD|SECRET|PEPPER|TOKEN|PRIVATE|CREDENTIAL|USERNAME|_URI$|_KEY$).*");

    private ServiceSources() {
    }

    /** The production view of a service's configuration: no %test, %dev or %local entries; %prod ones as plain keys. */
    static Map<String, String> configuration(String service) {
        Map<String, String> merged = new LinkedHashMap<>();
        load(Paths.ROOT.resolve("platform-support/src/main/resources/META-INF/microprofile-config.properties"), merged);
        load(Paths.service(service).resolve("src/main/resources/application.properties"), merged);
        return merged;
    }

    private static void load(Path file, Map<String, String> into) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new IllegalStateException(file + ": " + e.getMessage(), e);
        }
        new TreeSet<>(properties.stringPropertyNames()).stream().filter(k -> !k.startsWith("%"))
                .forEach(k -> into.put(k, properties.getProperty(k)));
        new TreeSet<>(properties.stringPropertyNames()).stream().filter(k -> k.startsWith("%prod."))
                .forEach(k -> into.put(k.substring("%prod.".length()), properties.getProperty(k)));
    }

    /**
     * The environment variables a service needs in a cluster: every placeholder without a default, with an empty one,
     * or with one that points at the developer's machine; and the token verification key.
     */
    static Set<String> requiredEnvironment(String service) {
        Set<String> required = new TreeSet<>(ALWAYS_REQUIRED);
        for (String value : configuration(service).values()) {
            Matcher m = PLACEHOLDER.matcher(value);
            while (m.find()) {
                String fallback = m.group(2);
                if (!m.group(1).matches("[A-Z0-9_]+")) {
                    continue; // a reference to another property (${quarkus.uuid}), not the environment
                }
                if (fallback == null || fallback.isBlank() || LOCAL_ONLY.matcher(fallback).find()) {
                    required.add(m.group(1));
                }
            }
        }
        return required;
    }

    /** A setting's value with its placeholders resolved to their defaults (what the build-time generation saw). */
    static Optional<String> valueWithDefaults(String service, String key) {
        return Optional.ofNullable(configuration(service).get(key))
                .map(v -> PLACEHOLDER.matcher(v).replaceAll(m -> Matcher.quoteReplacement(m.group(2) == null ? "" : m.group(2))));
    }

    static int httpPort(String service) {
        return Integer.parseInt(valueWithDefaults(service, "quarkus.http.port").orElse("8080"));
    }

    static int managementPort(String service) {
        return Integer.parseInt(valueWithDefaults(service, "quarkus.management.port").orElse("9000"));
    }

    /** The Kafka topics a service's configuration names (channels and their dead-letter topics). */
    static Set<String> topics(String service) {
        Set<String> topics = new LinkedHashSet<>();
        configuration(service).forEach((k, v) -> {
            if (k.endsWith(".topic")) {
                topics.add(v.trim());
            }
        });
        return topics;
    }

    /** Whether a service's pom brings Kafka messaging (and so the service talks to Kafka). */
    static boolean usesKafka(String service) {
        String pom = read(Paths.service(service).resolve("pom.xml"));
        return pom.contains("<artifactId>quarkus-messaging-kafka</artifactId>")
                || pom.contains("<artifactId>quarkus-smallrye-reactive-messaging-kafka</artifactId>");
    }

    /** The class-level JAX-RS paths of the resources in one package of a service (its ingest endpoints, say). */
    static Set<String> resourcePaths(String service, String packageDir) {
        Path dir = Paths.service(service).resolve("src/main/java").resolve(packageDir);
        Pattern classPath = Pattern.compile("(?m)^@Path\\(\"([^\"]+)\"\\)");
        Set<String> paths = new TreeSet<>();
        try (Stream<Path> files = Files.list(dir)) {
            files.filter(f -> f.toString().endsWith(".java")).forEach(f -> {
                Matcher m = classPath.matcher(read(f));
                if (m.find()) {
                    paths.add(m.group(1));
                }
            });
        } catch (IOException e) {
            throw new IllegalStateException(dir + ": " + e.getMessage(), e);
        }
        return paths;
    }

    /** The request paths of a service's static files (META-INF/resources; index.html is also "/"). */
    static Set<String> staticResources(String service) {
        Path dir = Paths.service(service).resolve("src/main/resources/META-INF/resources");
        Set<String> paths = new TreeSet<>();
        if (!Files.isDirectory(dir)) {
            return paths;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.filter(Files::isRegularFile).forEach(f -> {
                String path = "/" + dir.relativize(f).toString().replace('\\', '/');
                paths.add(path);
                if (path.endsWith("/index.html")) {
                    paths.add(path.substring(0, path.length() - "index.html".length()));
                }
            });
        } catch (IOException e) {
            throw new IllegalStateException(dir + ": " + e.getMessage(), e);
        }
        return paths;
    }

    /** The same-origin paths a static page loads (its href and src attributes starting with one slash). */
    static Set<String> pageReferences(String service, String page) {
        Path file = Paths.service(service).resolve("src/main/resources/META-INF/resources").resolve(page);
        Set<String> paths = new TreeSet<>();
        if (Files.exists(file)) {
            Matcher m = Pattern.compile("(?:href|src)=\"(/[^/\"][^\"]*)\"").matcher(read(file));
            while (m.find()) {
                paths.add(m.group(1));
            }
        }
        return paths;
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new IllegalStateException(file + ": " + e.getMessage(), e);
        }
    }
}

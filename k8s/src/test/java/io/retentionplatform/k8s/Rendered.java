package io.retentionplatform.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One overlay as {@code kubectl kustomize} renders it, parsed into the typed fabric8 model: the resources of the core
 * API groups as their own classes, the operators' custom resources as {@link GenericKubernetesResource}.
 */
final class Rendered {

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    private static final ObjectMapper YAML = new YAMLMapper();
    private static final ConcurrentHashMap<String, Rendered> OVERLAYS = new ConcurrentHashMap<>();

    final String overlay;
    final List<HasMetadata> resources;

    private Rendered(String overlay, List<HasMetadata> resources) {
        this.overlay = overlay;
        this.resources = resources;
    }

    static Rendered overlay(String name) {
        return OVERLAYS.computeIfAbsent(name, n -> parse(n, kustomize(Paths.K8S.resolve("overlays").resolve(n))));
    }

    /** The overlays, from the folders under k8s/overlays. */
    static List<String> overlayNames() throws IOException {
        try (Stream<Path> dirs = Files.list(Paths.K8S.resolve("overlays"))) {
            return dirs.filter(Files::isDirectory).map(d -> d.getFileName().toString()).sorted().toList();
        }
    }

    /** Every document of a YAML stream, typed by its apiVersion and kind. */
    static List<HasMetadata> parseYaml(String yaml) {
        return documents(yaml).stream().map(doc -> SERIALIZATION.unmarshal(doc.toString(), HasMetadata.class)).toList();
    }

    /** The non-empty documents of a YAML stream, untyped. */
    static List<JsonNode> documents(String yaml) {
        List<JsonNode> out = new ArrayList<>();
        try {
            for (JsonNode doc : YAML.readerFor(JsonNode.class).<JsonNode>readValues(yaml).readAll()) {
                if (doc != null && !doc.isNull() && !doc.isEmpty()) {
                    out.add(doc);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("unreadable YAML: " + e.getMessage(), e);
        }
        return out;
    }

    private static Rendered parse(String overlay, String yaml) {
        return new Rendered(overlay, parseYaml(yaml));
    }

    /** Runs {@code kubectl kustomize DIR}: the kubectl of -Dkubectl (KUBECTL in the build), else the one on the PATH. */
    static String kustomize(Path dir) {
        String kubectl = Optional.ofNullable(System.getProperty("kubectl")).filter(k -> !k.isBlank() && !k.startsWith("${"))
                .orElse("kubectl");
        Process process;
        try {
            process = new ProcessBuilder(kubectl, "kustomize", dir.toString()).redirectErrorStream(false).start();
        } catch (IOException e) {
            throw new IllegalStateException("The manifests are rendered with `kubectl kustomize`, and no kubectl runs here ("
                    + kubectl + ": " + e.getMessage() + "). Install it (Debian: apt-get install kubernetes-client) or point "
                    + "the environment variable KUBECTL at one.", e);
        }
        try {
            process.getOutputStream().close();
            byte[] out = readAll(process.getInputStream());
            String err = new String(readAll(process.getErrorStream()), StandardCharsets.UTF_8);
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException("kubectl kustomize " + dir + " did not finish");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("kubectl kustomize " + dir + " failed (" + process.exitValue() + "): " + err);
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException("kubectl kustomize " + dir + ": " + e.getMessage(), e);
        }
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        in.transferTo(buffer);
        return buffer.toByteArray();
    }

    <T extends HasMetadata> List<T> all(Class<T> type) {
        return resources.stream().filter(type::isInstance).map(type::cast).toList();
    }

    <T extends HasMetadata> Optional<T> find(Class<T> type, String name) {
        return all(type).stream().filter(r -> r.getMetadata().getName().equals(name)).findFirst();
    }

    List<GenericKubernetesResource> custom(String kind) {
        return all(GenericKubernetesResource.class).stream().filter(r -> r.getKind().equals(kind)).toList();
    }

    Deployment deployment(String name) {
        return find(Deployment.class, name).orElseThrow(() -> new AssertionError(overlay + ": no Deployment " + name));
    }

    Optional<Service> service(String name) {
        return find(Service.class, name);
    }

    Optional<ConfigMap> configMap(String name) {
        return find(ConfigMap.class, name);
    }

    @Override
    public String toString() {
        return overlay;
    }
}

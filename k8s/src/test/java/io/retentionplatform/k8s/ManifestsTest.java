package io.retentionplatform.k8s;

import static io.retentionplatform.k8s.NetworkGraph.edge;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.retentionplatform.contracts.Topics;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Renders every overlay with {@code kubectl kustomize} and checks what a platform team relies on when it applies it
 * as it is: every resource valid against the typed Kubernetes model, hardened Deployments with their Services,
 * autoscalers and disruption budgets, a KafkaTopic for every topic the code names, every setting the services need
 * wired to a ConfigMap or a Secret, network policies that allow exactly the architecture's connections, no secret
 * committed, and a base that is what the services' configuration generates.
 */
class ManifestsTest {

    /** The custom resources of the three operators: parsed as generic resources (their schemas are the operators'). */
    private static final Set<String> OPERATOR_KINDS = Set.of("Kafka", "KafkaNodePool", "KafkaTopic", "Cluster", "MongoDBCommunity");
    private static final String KAFKA_LISTENER_PORT = "9092";

    static List<String> overlays() throws IOException {
        return Rendered.overlayNames();
    }

    @Test
    void thereAreADevAndAProdOverlay() throws IOException {
        assertThat(overlays()).contains("dev", "prod");
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyResourceIsValidAgainstTheTypedModel(String overlay) {
        Rendered rendered = Rendered.overlay(overlay);
        assertThat(rendered.resources).isNotEmpty();
        for (HasMetadata resource : rendered.resources) {
            String id = resource.getKind() + "/" + resource.getMetadata().getName();
            if (resource instanceof GenericKubernetesResource) {
                assertThat(OPERATOR_KINDS).as("%s: %s is neither a Kubernetes API type nor an operator's resource (apiVersion %s)",
                        overlay, id, resource.getApiVersion()).contains(resource.getKind());
                assertThat(resource.getMetadata().getLabels()).as("%s: %s is applied with the infrastructure (README, \"Apply\")",
                        overlay, id).containsEntry("app.kubernetes.io/component", "infrastructure");
            }
            assertThat(StrictModel.unknownFields(resource)).as("%s: fields of %s outside the Kubernetes schema", overlay, id).isEmpty();
            assertThat(resource.getMetadata().getLabels()).as("%s: %s labels", overlay, id)
                    .containsEntry("app.kubernetes.io/part-of", "retention-platform");
        }
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyServiceRunsHardenedWithProbesResourcesServiceAutoscalerAndBudget(String overlay) {
        Rendered rendered = Rendered.overlay(overlay);
        assertThat(rendered.all(Deployment.class)).extracting(d -> d.getMetadata().getName())
                .containsExactlyInAnyOrderElementsOf(ServiceSources.SERVICES);
        for (String name : ServiceSources.SERVICES) {
            Deployment deployment = rendered.deployment(name);
            PodSpec pod = deployment.getSpec().getTemplate().getSpec();
            assertThat(pod.getContainers()).hasSize(1);
            Container container = pod.getContainers().get(0);
            String what = overlay + ": " + name;
            int management = ServiceSources.managementPort(name);
            int http = ServiceSources.httpPort(name);
            assertThat(container.getPorts()).extracting(ContainerPort::getName, ContainerPort::getContainerPort)
                    .as(what + " ports").contains(org.assertj.core.groups.Tuple.tuple("http", http),
                            org.assertj.core.groups.Tuple.tuple("management", management));

            probe(what + " liveness", container.getLivenessProbe(), "/q/health/live", management);
            probe(what + " readiness", container.getReadinessProbe(), "/q/health/ready", management);
            probe(what + " startup", container.getStartupProbe(), "/q/health/started", management);

            for (String kind : List.of("cpu", "memory")) {
                assertThat(container.getResources().getRequests()).as(what + " requests").containsKey(kind);
                assertThat(container.getResources().getLimits()).as(what + " limits").containsKey(kind);
            }

            assertThat(pod.getSecurityContext().getRunAsNonRoot()).as(what + " pod runAsNonRoot").isTrue();
            assertThat(pod.getAutomountServiceAccountToken()).as(what + " service-account token").isFalse();
            var security = container.getSecurityContext();
            assertThat(security).as(what + " container securityContext").isNotNull();
            assertThat(security.getReadOnlyRootFilesystem()).as(what + " readOnlyRootFilesystem").isTrue();
            assertThat(security.getAllowPrivilegeEscalation()).as(what + " allowPrivilegeEscalation").isFalse();
            assertThat(security.getCapabilities().getDrop()).as(what + " capabilities").containsExactly("ALL");
            String tmpVolume = container.getVolumeMounts().stream().filter(m -> m.getMountPath().equals("/tmp"))
                    .map(m -> m.getName()).findFirst().orElseThrow(() -> new AssertionError(what + ": nothing mounted at /tmp"));
            assertThat(pod.getVolumes()).filteredOn(v -> v.getName().equals(tmpVolume)).extracting(Volume::getEmptyDir)
                    .as(what + " /tmp").doesNotContainNull().hasSize(1);
            assertThat(deployment.getSpec().getReplicas()).as(what + " replicas (the autoscaler owns them)").isNull();

            Map<String, String> scrape = deployment.getSpec().getTemplate().getMetadata().getAnnotations();
            assertThat(scrape).as(what + " Prometheus annotations")
                    .containsEntry("prometheus.io/scrape", "true")
                    .containsEntry("prometheus.io/port", String.valueOf(management))
                    .containsEntry("prometheus.io/path", ServiceSources.valueWithDefaults(name, "quarkus.micrometer.export.prometheus.path").orElse("/q/metrics"));

            assertThat(container.getImage()).as(what + " image").startsWith("ghcr.io/retention-platform/" + name + ":");

            Service service = rendered.service(name).orElseThrow(() -> new AssertionError(what + ": no Service"));
            assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels()).as(what + " pods match the Service")
                    .containsAllEntriesOf(service.getSpec().getSelector());
            assertThat(deployment.getSpec().getSelector().getMatchLabels()).isEqualTo(service.getSpec().getSelector());
            assertThat(service.getSpec().getPorts()).extracting(ServicePort::getName).contains("http");
            assertThat(service.getSpec().getPorts()).filteredOn(p -> p.getName().equals("http"))
                    .extracting(p -> p.getTargetPort().getIntVal()).as(what + " Service targetPort").containsExactly(http);

            HorizontalPodAutoscaler hpa = rendered.find(HorizontalPodAutoscaler.class, name)
                    .orElseThrow(() -> new AssertionError(what + ": no HorizontalPodAutoscaler"));
            assertThat(hpa.getSpec().getScaleTargetRef().getKind()).isEqualTo("Deployment");
            assertThat(hpa.getSpec().getScaleTargetRef().getName()).isEqualTo(name);
            assertThat(hpa.getSpec().getMinReplicas()).isPositive().isLessThanOrEqualTo(hpa.getSpec().getMaxReplicas());
            PodDisruptionBudget pdb = rendered.find(PodDisruptionBudget.class, name)
                    .orElseThrow(() -> new AssertionError(what + ": no PodDisruptionBudget"));
            assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels()).as(what + " PDB selector")
                    .containsAllEntriesOf(pdb.getSpec().getSelector().getMatchLabels());
        }
    }

    private static void probe(String what, Probe probe, String path, int port) {
        assertThat(probe).as(what).isNotNull();
        assertThat(probe.getHttpGet()).as(what + " httpGet").isNotNull();
        assertThat(probe.getHttpGet().getPath()).as(what + " path").isEqualTo(path);
        assertThat(probe.getHttpGet().getPort().getIntVal()).as(what + " port (the management interface)").isEqualTo(port);
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyTopicTheCodeNamesIsAReplicatedKafkaTopic(String overlay) throws IOException {
        Rendered rendered = Rendered.overlay(overlay);
        Set<String> expected = new TreeSet<>(topicConstants());
        ServiceSources.SERVICES.forEach(s -> expected.addAll(ServiceSources.topics(s)));
        assertThat(expected).as("topics found in the code").contains("engagement-events", "engagement-events-dlq");

        List<GenericKubernetesResource> kafkas = rendered.custom("Kafka");
        assertThat(kafkas).as(overlay + ": one Kafka cluster").hasSize(1);
        String cluster = kafkas.get(0).getMetadata().getName();
        Map<String, Object> config = map(kafkas.get(0), "spec", "kafka", "config");
        assertThat(String.valueOf(config.get("auto.create.topics.enable"))).as("topics only from KafkaTopic").isEqualTo("false");
        assertThat(rendered.custom("KafkaNodePool")).as(overlay + ": KRaft node pools")
                .anySatisfy(pool -> assertThat(String.valueOf(map(pool, "spec").get("roles"))).contains("controller"))
                .anySatisfy(pool -> {
                    assertThat(String.valueOf(map(pool, "spec").get("roles"))).contains("broker");
                    assertThat(((Number) map(pool, "spec").get("replicas")).intValue()).isGreaterThanOrEqualTo(3);
                });

        Properties local = new Properties();
        try (var in = Files.newBufferedReader(Paths.ROOT.resolve("local-infrastructure/src/main/resources/topics.properties"))) {
            local.load(in);
        }
        Map<String, GenericKubernetesResource> topics = new TreeMap<>();
        rendered.custom("KafkaTopic").forEach(t -> topics.put(topicName(t), t));
        for (String topic : expected) {
            GenericKubernetesResource kafkaTopic = topics.get(topic);
            assertThat(kafkaTopic).as("%s: no KafkaTopic for %s", overlay, topic).isNotNull();
            Map<String, Object> spec = map(kafkaTopic, "spec");
            assertThat(((Number) spec.get("replicas")).intValue()).as(topic + " replicas").isEqualTo(3);
            assertThat(String.valueOf(map(kafkaTopic, "spec", "config").get("min.insync.replicas"))).as(topic + " min.insync.replicas")
                    .isEqualTo("2");
            assertThat(kafkaTopic.getMetadata().getLabels()).containsEntry("strimzi.io/cluster", cluster);
            String declared = local.getProperty(topic);
            if (declared != null) {
                String[] parts = declared.trim().split("\\s+");
                assertThat(((Number) spec.get("partitions")).intValue()).as(topic + " partitions (as local-infrastructure)")
                        .isEqualTo(Integer.parseInt(parts[0]));
                for (int i = 1; i < parts.length; i++) {
                    String[] kv = parts[i].split("=", 2);
                    assertThat(String.valueOf(map(kafkaTopic, "spec", "config").get(kv[0]))).as(topic + " " + kv[0]).isEqualTo(kv[1]);
                }
            }
        }
    }

    private static Set<String> topicConstants() {
        Set<String> constants = new TreeSet<>();
        for (Field field : Topics.class.getDeclaredFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
                try {
                    constants.add((String) field.get(null));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return constants;
    }

    private static String topicName(GenericKubernetesResource topic) {
        Object name = map(topic, "spec").get("topicName");
        return name == null ? topic.getMetadata().getName() : name.toString();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(GenericKubernetesResource resource, String... path) {
        Object node = resource.getAdditionalProperties();
        for (String step : path) {
            node = node instanceof Map<?, ?> m ? m.get(step) : null;
        }
        return node instanceof Map<?, ?> ? (Map<String, Object>) node : Map.of();
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everySettingTheServicesNeedComesFromAConfigMapOrASecret(String overlay) {
        Rendered rendered = Rendered.overlay(overlay);
        for (String name : ServiceSources.SERVICES) {
            Container container = rendered.deployment(name).getSpec().getTemplate().getSpec().getContainers().get(0);
            Map<String, Source> provided = provided(rendered, container);
            for (String variable : ServiceSources.requiredEnvironment(name)) {
                Source source = provided.get(variable);
                assertThat(source).as("%s: %s needs %s (its configuration has no usable default)", overlay, name, variable).isNotNull();
                if (ServiceSources.SECRET_LIKE.matcher(variable).matches()) {
                    assertThat(source.secret).as("%s: %s's %s is a credential: it must come from a Secret, not %s", overlay, name,
                            variable, source.name).isNotNull();
                }
            }
            provided.forEach((variable, source) -> {
                if (source.value != null) {
                    assertThat(source.value).as("%s: %s %s points at a developer's machine", overlay, name, variable)
                            .doesNotContain("127.0.0.1").doesNotContain("localhost");
                }
            });
            checkWiring(rendered, name, provided);
        }
    }

    /** The settings a container receives, by variable: a literal (env value, ConfigMap key) or a Secret's key. */
    private static Map<String, Source> provided(Rendered rendered, Container container) {
        Map<String, Source> provided = new HashMap<>();
        for (EnvFromSource from : Optional.ofNullable(container.getEnvFrom()).orElse(List.of())) {
            if (from.getConfigMapRef() != null) {
                String cm = from.getConfigMapRef().getName();
                ConfigMap map = rendered.configMap(cm).orElseThrow(() -> new AssertionError(rendered + ": envFrom names a missing ConfigMap " + cm));
                map.getData().forEach((k, v) -> provided.put(k, Source.literal("ConfigMap " + cm, v)));
            }
            assertThat(from.getSecretRef()).as("whole Secrets as environment hide which keys a service reads").isNull();
        }
        for (EnvVar env : Optional.ofNullable(container.getEnv()).orElse(List.of())) {
            if (env.getValue() != null) {
                provided.put(env.getName(), Source.literal("env", env.getValue()));
            } else if (env.getValueFrom() != null && env.getValueFrom().getSecretKeyRef() != null) {
                var ref = env.getValueFrom().getSecretKeyRef();
                provided.put(env.getName(), new Source("Secret " + ref.getName(), null, ref.getName(), ref.getKey()));
            } else if (env.getValueFrom() != null && env.getValueFrom().getConfigMapKeyRef() != null) {
                var ref = env.getValueFrom().getConfigMapKeyRef();
                String value = rendered.configMap(ref.getName()).map(c -> c.getData().get(ref.getKey())).orElse(null);
                assertThat(value).as("%s: %s from ConfigMap %s key %s", rendered, env.getName(), ref.getName(), ref.getKey()).isNotNull();
                provided.put(env.getName(), Source.literal("ConfigMap " + ref.getName(), value));
            }
        }
        return provided;
    }

    private record Source(String name, String value, String secret, String key) {
        static Source literal(String name, String value) {
            return new Source(name, value, null, null);
        }
    }

    /** The connection settings name what the operators create: Kafka's bootstrap, the database clusters, their Secrets. */
    private static void checkWiring(Rendered rendered, String name, Map<String, Source> provided) {
        String what = rendered + ": " + name;
        if (provided.containsKey("KAFKA_BOOTSTRAP_SERVERS")) {
            String cluster = rendered.custom("Kafka").get(0).getMetadata().getName();
            assertThat(provided.get("KAFKA_BOOTSTRAP_SERVERS").value).as(what + " Kafka bootstrap")
                    .isEqualTo(cluster + "-kafka-bootstrap:" + KAFKA_LISTENER_PORT);
        }
        if (provided.containsKey("DB_HOST_PORT")) {
            String host = provided.get("DB_HOST_PORT").value;
            String cluster = host.replaceAll("-rw:5432$", "");
            GenericKubernetesResource pg = rendered.custom("Cluster").stream().filter(c -> c.getMetadata().getName().equals(cluster))
                    .findFirst().orElseThrow(() -> new AssertionError(what + ": DB_HOST_PORT " + host + " is no CloudNativePG cluster's -rw:5432"));
            assertThat(provided).as(what + " DB_NAME, DB_USERNAME, DB_PASSWORD with DB_HOST_PORT")
                    .containsKeys("DB_NAME", "DB_USERNAME", "DB_PASSWORD");
            assertThat(provided.get("DB_NAME").value).as(what + " DB_NAME").isEqualTo(map(pg, "spec", "bootstrap", "initdb").get("database"));
            for (String credential : List.of("DB_USERNAME", "DB_PASSWORD")) {
                assertThat(provided.get(credential).secret).as(what + " " + credential).isEqualTo(cluster + "-app");
            }
            assertThat(provided.get("DB_USERNAME").key).isEqualTo("username");
            assertThat(provided.get("DB_PASSWORD").key).isEqualTo("password");
        }
        if (provided.containsKey("MONGODB_URI")) {
            Set<String> connectionSecrets = new TreeSet<>();
            for (GenericKubernetesResource mongo : rendered.custom("MongoDBCommunity")) {
                Object users = map(mongo, "spec").get("users");
                for (Object user : users instanceof List<?> l ? l : List.of()) {
                    connectionSecrets.add(String.valueOf(((Map<?, ?>) user).get("connectionStringSecretName")));
                }
            }
            assertThat(connectionSecrets).as(what + " MONGODB_URI from the operator's connection-string Secret")
                    .contains(provided.get("MONGODB_URI").secret);
            assertThat(provided.get("MONGODB_URI").key).isEqualTo("connectionString.standard");
        }
        provided.forEach((variable, source) -> {
            if (variable.endsWith("_URL") && source.value != null && source.value.startsWith("http://")) {
                String host = source.value.replaceAll("^http://([^:/]+).*$", "$1");
                assertThat(rendered.service(host)).as(what + " " + variable + " names a Service of the suite").isPresent();
            }
        });
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void networkPoliciesAllowExactlyTheArchitecture(String overlay) {
        Rendered rendered = Rendered.overlay(overlay);
        List<NetworkPolicy> policies = rendered.all(NetworkPolicy.class);
        for (String name : ServiceSources.SERVICES) {
            Map<String, String> labels = rendered.deployment(name).getSpec().getTemplate().getMetadata().getLabels();
            List<NetworkPolicy> selecting = policies.stream().filter(p -> labels.entrySet()
                    .containsAll(p.getSpec().getPodSelector().getMatchLabels().entrySet())).toList();
            assertThat(selecting).as("%s: %s is selected by exactly one policy", overlay, name).hasSize(1);
            assertThat(selecting.get(0).getSpec().getPolicyTypes()).as(name + " policy types").containsExactlyInAnyOrder("Ingress", "Egress");
        }
        assertThat(NetworkGraph.edges(policies)).as(overlay + ": the connections the policies allow")
                .containsExactlyInAnyOrderElementsOf(architecture());

        // Kafka's side: Strimzi makes the listener's NetworkPolicy from its networkPolicyPeers.
        Object listeners = map(rendered.custom("Kafka").get(0), "spec", "kafka").get("listeners");
        Set<String> peers = new TreeSet<>();
        for (Object listener : listeners instanceof List<?> l ? l : List.of()) {
            if (String.valueOf(((Map<?, ?>) listener).get("port")).equals(KAFKA_LISTENER_PORT)) {
                Object declared = ((Map<?, ?>) listener).get("networkPolicyPeers");
                assertThat(declared).as(overlay + ": networkPolicyPeers of Kafka's listener").isInstanceOf(List.class);
                for (Object peer : (List<?>) declared) {
                    peers.add(String.valueOf(((Map<?, ?>) ((Map<?, ?>) ((Map<?, ?>) peer).get("podSelector")).get("matchLabels"))
                            .get(NetworkGraph.NAME)));
                }
            }
        }
        assertThat(peers).as(overlay + ": who Kafka's listener admits")
                .containsExactlyInAnyOrderElementsOf(ServiceSources.SERVICES.stream().filter(ServiceSources::usesKafka).toList());
    }

    /** Who talks to whom (k8s/README.md, "Network"), with the ports each service's configuration gives. */
    private static Set<String> architecture() {
        Set<String> edges = new TreeSet<>();
        for (String service : ServiceSources.SERVICES) {
            edges.add(edge(service, "kube-dns", "UDP", 53));
            edges.add(edge(service, "kube-dns", "TCP", 53));
            edges.add(edge("prometheus", service, "TCP", ServiceSources.managementPort(service)));
            if (ServiceSources.usesKafka(service)) {
                edges.add(edge(service, "kafka", "TCP", Integer.parseInt(KAFKA_LISTENER_PORT)));
            }
        }
        for (String upstream : List.of("scoring-service", "segmentation-service", "nurture-service")) {
            edges.add(edge("gateway", upstream, "TCP", ServiceSources.httpPort(upstream)));
        }
        for (String exposed : List.of("gateway", "scoring-service", "nurture-service")) {
            edges.add(edge("ingress-controller", exposed, "TCP", ServiceSources.httpPort(exposed)));
        }
        edges.add(edge("scoring-service", "mongodb", "TCP", 27017));
        edges.add(edge("segmentation-service", "segmentation-db", "TCP", 5432));
        edges.add(edge("nurture-service", "nurture-db", "TCP", 5432));
        edges.add(edge("nurture-service", "internet", "TCP", 443));
        return edges;
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void theIngressServesTheGraphQLApiTheDashboardAndTheWebhooks(String overlay) {
        List<Ingress> ingresses = Rendered.overlay(overlay).all(Ingress.class);
        assertThat(ingresses).hasSize(1);
        List<HTTPIngressPath> routes = new ArrayList<>();
        ingresses.get(0).getSpec().getRules().forEach(rule -> routes.addAll(rule.getHttp().getPaths()));

        Map<String, String> expected = new TreeMap<>();
        expected.put("/graphql", "gateway");
        expected.put("/webhooks/outcomes", "nurture-service");
        // The dashboard: the gateway's static files (index.html is also "/") and what its page loads from the gateway.
        ServiceSources.staticResources("gateway").forEach(path -> expected.put(path, "gateway"));
        ServiceSources.pageReferences("gateway", "index.html").forEach(path -> expected.put(path, "gateway"));
        Set<String> ingest = ServiceSources.resourcePaths("scoring-service", "io/retentionplatform/scoring/ingest");
        assertThat(ingest).as("scoring's ingest resources").isNotEmpty();
        ingest.forEach(path -> expected.put(path, "scoring-service"));
        assertThat(expected).as("the dashboard").containsKeys("/", "/index.html");

        expected.forEach((path, service) -> assertThat(route(routes, path)).as("%s: the Ingress routes %s", overlay, path)
                .isEqualTo(service));
        assertThat(routes).extracting(p -> p.getBackend().getService().getName()).as(overlay + ": nothing else is public")
                .allMatch(Set.of("gateway", "scoring-service", "nurture-service")::contains);
        assertThat(routes).as(overlay + ": no catch-all route").noneMatch(p -> p.getPath().equals("/") && !"Exact".equals(p.getPathType()));
    }

    /** The service a request path goes to: an exact path, else the longest matching prefix (by whole segments). */
    private static String route(List<HTTPIngressPath> routes, String path) {
        return routes.stream().filter(r -> "Exact".equals(r.getPathType()) ? r.getPath().equals(path)
                        : path.equals(r.getPath()) || path.startsWith(r.getPath().endsWith("/") ? r.getPath() : r.getPath() + "/"))
                .sorted(Comparator.comparing((HTTPIngressPath r) -> !"Exact".equals(r.getPathType()))
                        .thenComparing(r -> -r.getPath().length()))
                .map(r -> r.getBackend().getService().getName()).findFirst().orElse(null);
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void noSecretIsRendered(String overlay) {
        assertThat(Rendered.overlay(overlay).all(Secret.class)).as(overlay + ": Secrets come from the operators and the platform team")
                .isEmpty();
    }

    private static final Pattern SECRET_TEXT = Pattern.compile(
            "-----BEGIN [A-Z ]*(PRIVATE KEY|CERTIFICATE)-----|whsec_[A-Za-z0-9+/=]{8,}|(?im)^\\s*(password|secret|token|stringData|pepper)\\s*:\\s*\\S+");

    @Test
    void noSecretValueIsCommitted() throws IOException {
        List<String> findings = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Paths.K8S)) {
            for (Path file : files.filter(Files::isRegularFile).filter(f -> !f.startsWith(Paths.K8S.resolve("target")))
                    .filter(f -> !f.startsWith(Paths.K8S.resolve("src"))).toList()) {
                String text = Files.readString(file);
                var m = SECRET_TEXT.matcher(text);
                while (m.find()) {
                    findings.add(Paths.K8S.relativize(file) + ": " + m.group().trim());
                }
                for (var doc : file.toString().matches(".*\\.ya?ml$") ? Rendered.documents(text) : List.<com.fasterxml.jackson.databind.JsonNode>of()) {
                    if ("Secret".equals(doc.path("kind").asText())) {
                        findings.add(Paths.K8S.relativize(file) + ": a Secret (" + doc.path("metadata").path("name").asText() + ")");
                    }
                }
            }
        }
        assertThat(findings).as("secret values under k8s/").isEmpty();
    }

    @Test
    void theSecretsAndConfigMapsThePlatformTeamCreatesAreDocumented() {
        Rendered rendered = Rendered.overlay("prod");
        Set<String> byOperators = new TreeSet<>();
        rendered.custom("Cluster").forEach(c -> byOperators.add(c.getMetadata().getName() + "-app"));
        rendered.custom("MongoDBCommunity").forEach(m -> {
            Object users = map(m, "spec").get("users");
            for (Object user : users instanceof List<?> l ? l : List.of()) {
                byOperators.add(String.valueOf(((Map<?, ?>) user).get("connectionStringSecretName")));
            }
        });
        Set<String> fromTeam = new TreeSet<>();
        rendered.custom("MongoDBCommunity").forEach(m -> {
            Object users = map(m, "spec").get("users");
            for (Object user : users instanceof List<?> l ? l : List.of()) {
                fromTeam.add(String.valueOf(((Map<?, ?>) ((Map<?, ?>) user).get("passwordSecretRef")).get("name")));
            }
        });
        for (Deployment deployment : rendered.all(Deployment.class)) {
            PodSpec pod = deployment.getSpec().getTemplate().getSpec();
            pod.getContainers().get(0).getEnv().stream().filter(e -> e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null)
                    .map(e -> e.getValueFrom().getSecretKeyRef().getName()).filter(n -> !byOperators.contains(n)).forEach(fromTeam::add);
            pod.getVolumes().stream().map(v -> v.getConfigMap() == null ? null : v.getConfigMap().getName()).filter(Objects::nonNull)
                    .filter(n -> rendered.configMap(n).isEmpty()).forEach(fromTeam::add);
        }
        ingressTls(rendered).forEach(fromTeam::add);
        String readme = ServiceSources.read(Paths.K8S.resolve("README.md"));
        assertThat(fromTeam).as("what the platform team creates").isNotEmpty();
        for (String name : fromTeam) {
            assertThat(readme).as("k8s/README.md says how to create " + name).contains("`" + name + "`");
        }
    }

    private static List<String> ingressTls(Rendered rendered) {
        List<String> names = new ArrayList<>();
        rendered.all(Ingress.class).forEach(i -> Optional.ofNullable(i.getSpec().getTls()).orElse(List.of())
                .forEach(t -> names.add(t.getSecretName())));
        return names;
    }

    /**
     * The committed base is what the services' configuration generates: compared with each service's
     * target/kubernetes/kubernetes.yml when a build left one that is newer than the service's configuration and pom
     * (the full build packages the services before this module); `k8s/generate` refreshes the base.
     */
    @Test
    void theBaseIsWhatTheServicesConfigurationGenerates() throws IOException {
        int compared = 0;
        for (String name : ServiceSources.SERVICES) {
            Path committed = Paths.K8S.resolve("base").resolve(name).resolve("kubernetes.yml");
            assertThat(committed).as("k8s/base/%s/kubernetes.yml (run k8s/generate)", name).exists();
            Path generated = Paths.service(name).resolve("target/kubernetes/kubernetes.yml");
            Path properties = Paths.service(name).resolve("src/main/resources/application.properties");
            Path pom = Paths.service(name).resolve("pom.xml");
            if (!Files.exists(generated) || Files.getLastModifiedTime(generated).compareTo(Files.getLastModifiedTime(properties)) < 0
                    || Files.getLastModifiedTime(generated).compareTo(Files.getLastModifiedTime(pom)) < 0) {
                continue;
            }
            assertThat(canonical(Files.readString(committed))).as("k8s/base/%s/kubernetes.yml differs from what %s's configuration "
                    + "generates: run k8s/generate and commit the result", name, name).isEqualTo(canonical(Files.readString(generated)));
            compared++;
        }
        Assumptions.assumeTrue(compared > 0, "no fresh service build to compare the base with (k8s/generate builds them)");
    }

    /**
     * A manifest's content without the order of map keys and list items: the extension does not write labels, ports
     * or environment variables in the same order from one build to the next.
     */
    private static List<String> canonical(String yaml) {
        return Rendered.documents(yaml).stream().map(ManifestsTest::canonical).sorted().toList();
    }

    private static String canonical(com.fasterxml.jackson.databind.JsonNode node) {
        if (node.isObject()) {
            TreeMap<String, String> fields = new TreeMap<>();
            node.fields().forEachRemaining(e -> fields.put(e.getKey(), canonical(e.getValue())));
            return fields.toString();
        }
        if (node.isArray()) {
            List<String> items = new ArrayList<>();
            node.forEach(item -> items.add(canonical(item)));
            return items.stream().sorted().toList().toString();
        }
        return node.toString();
    }

    @Test
    void theProdOverlayPinsReleasedImages() {
        for (Deployment deployment : Rendered.overlay("prod").all(Deployment.class)) {
            String image = deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
            assertThat(image).as("prod image").doesNotEndWith("-SNAPSHOT").doesNotEndWith(":latest");
        }
    }

    @Test
    void kubectlMissingIsSaidPlainly() {
        String previous = System.getProperty("kubectl");
        System.setProperty("kubectl", "/nonexistent/kubectl");
        try {
            Rendered.kustomize(Paths.K8S.resolve("overlays/dev"));
            fail("a missing kubectl must fail");
        } catch (IllegalStateException e) {
            assertThat(e.getMessage()).contains("apt-get install kubernetes-client");
        } finally {
            if (previous == null) {
                System.clearProperty("kubectl");
            } else {
                System.setProperty("kubectl", previous);
            }
        }
    }
}

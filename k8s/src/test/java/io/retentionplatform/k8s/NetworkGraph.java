package io.retentionplatform.k8s;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.networking.v1.IPBlock;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The connections a set of NetworkPolicies allows, as edges "from -> to:PROTOCOL/port" between named parties: the
 * services (by app.kubernetes.io/name), the operators' pods (kafka, the PostgreSQL clusters, mongodb), the ingress
 * controller, Prometheus, kube-dns and "internet" (public addresses only). A peer the test cannot name is an edge to
 * "unrecognized(...)", which no expected graph contains.
 */
final class NetworkGraph {

    static final String NAME = "app.kubernetes.io/name";
    /** The private, shared, link-local and loopback ranges a public-only egress must leave out. */
    static final Set<String> NON_PUBLIC = Set.of("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10",
            "169.254.0.0/16", "127.0.0.0/8");

    private NetworkGraph() {
    }

    static Set<String> edges(List<NetworkPolicy> policies) {
        Set<String> edges = new TreeSet<>();
        for (NetworkPolicy policy : policies) {
            String self = name(policy.getSpec().getPodSelector(), null);
            policy.getSpec().getIngress().forEach(rule -> {
                for (String peer : peers(rule.getFrom())) {
                    for (String port : ports(rule.getPorts())) {
                        edges.add(peer + " -> " + self + ":" + port);
                    }
                }
            });
            policy.getSpec().getEgress().forEach(rule -> {
                for (String peer : peers(rule.getTo())) {
                    for (String port : ports(rule.getPorts())) {
                        edges.add(self + " -> " + peer + ":" + port);
                    }
                }
            });
        }
        return edges;
    }

    static String edge(String from, String to, String protocol, int port) {
        return from + " -> " + to + ":" + protocol + "/" + port;
    }

    private static List<String> peers(List<NetworkPolicyPeer> peers) {
        if (peers == null || peers.isEmpty()) {
            return List.of("anyone");
        }
        return peers.stream().map(p -> p.getIpBlock() != null ? ipBlock(p.getIpBlock()) : name(p.getPodSelector(), p.getNamespaceSelector()))
                .toList();
    }

    private static List<String> ports(List<NetworkPolicyPort> ports) {
        if (ports == null || ports.isEmpty()) {
            return List.of("any");
        }
        return ports.stream().map(p -> (p.getProtocol() == null ? "TCP" : p.getProtocol()) + "/" + port(p.getPort())).toList();
    }

    private static String port(IntOrString port) {
        return port == null ? "any" : port.getIntVal() != null ? String.valueOf(port.getIntVal()) : port.getStrVal();
    }

    private static String ipBlock(IPBlock block) {
        if ("0.0.0.0/0".equals(block.getCidr()) && block.getExcept() != null && Set.copyOf(block.getExcept()).containsAll(NON_PUBLIC)) {
            return "internet";
        }
        return "unrecognized(ipBlock " + block.getCidr() + " except " + block.getExcept() + ")";
    }

    private static String name(LabelSelector pods, LabelSelector namespaces) {
        Map<String, String> pod = pods == null || pods.getMatchLabels() == null ? Map.of() : pods.getMatchLabels();
        Map<String, String> ns = namespaces == null || namespaces.getMatchLabels() == null ? Map.of() : namespaces.getMatchLabels();
        String namespace = ns.get("kubernetes.io/metadata.name");
        if (namespaces != null && (namespace == null || pod.isEmpty())) {
            return "unrecognized(namespaces " + ns + ", pods " + pod + ")";
        }
        if ("kube-system".equals(namespace) && "kube-dns".equals(pod.get("k8s-app"))) {
            return "kube-dns";
        }
        if ("ingress-nginx".equals(namespace) && "ingress-nginx".equals(pod.get(NAME))) {
            return "ingress-controller";
        }
        if ("monitoring".equals(namespace) && "prometheus".equals(pod.get(NAME))) {
            return "prometheus";
        }
        if (namespace == null && pod.containsKey(NAME) && pod.size() == 1) {
            return pod.get(NAME);
        }
        if (namespace == null && pod.containsKey("strimzi.io/cluster") && "true".equals(pod.get("strimzi.io/broker-role"))) {
            return "kafka";
        }
        if (namespace == null && pod.size() == 1 && pod.containsKey("cnpg.io/cluster")) {
            return pod.get("cnpg.io/cluster");
        }
        if (namespace == null && pod.size() == 1 && pod.getOrDefault("app", "").endsWith("-svc")) {
            return "mongodb";
        }
        return "unrecognized(namespaces " + ns + ", pods " + pod + ")";
    }
}

package io.retentionplatform.k8s;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the test finds the manifests and the services' sources: the k8s module and the repository around it. */
final class Paths {

    /** The k8s module (Maven runs the tests in it). */
    static final Path K8S = locate();
    static final Path ROOT = K8S.getParent();

    private Paths() {
    }

    private static Path locate() {
        Path here = Path.of("").toAbsolutePath();
        if (Files.isDirectory(here.resolve("overlays"))) {
            return here;
        }
        if (Files.isDirectory(here.resolve("k8s/overlays"))) {
            return here.resolve("k8s");
        }
        throw new IllegalStateException("run from the k8s module or the repository root, not " + here);
    }

    static Path service(String service) {
        return ROOT.resolve(service);
    }
}

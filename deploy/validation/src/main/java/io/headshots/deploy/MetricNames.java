package io.headshots.deploy;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Prints every metric family the dashboards, alert rules and KEDA triggers read, one per line,
 * sorted: the names a running stack must export. A family is the name without the histogram suffixes
 * {@code _bucket}/{@code _count}/{@code _sum}; counters keep {@code _total} and Micrometer's
 * {@code _max} gauges keep {@code _max}. So a family is exported when some sample line of
 * {@code /q/metrics} starts with it followed by {@code {}, a space, or one of those suffixes.
 * Series that Prometheus makes itself ({@code up}, {@code ALERTS}, ...) are left out.
 *
 * <p>Usage: {@code MetricNames [DEPLOY_DIR]}, where DEPLOY_DIR defaults to {@code deploy} (run
 * from the repository root) or {@code .} when run from inside it.
 */
public final class MetricNames {

    private MetricNames() {
    }

    public static void main(String[] args) {
        Path deploy = args.length > 0 ? Path.of(args[0]) : defaultDeployDir();
        if (!Files.isDirectory(deploy.resolve("grafana")) && !Files.isDirectory(deploy.resolve("prometheus"))
                && !Files.isDirectory(deploy.resolve("k8s"))) {
            System.err.println("MetricNames: no grafana/, prometheus/ or k8s/ under " + deploy.toAbsolutePath());
            System.exit(2);
        }
        MetricReferences.families(MetricReferences.find(deploy)).forEach(System.out::println);
    }

    private static Path defaultDeployDir() {
        Path fromRoot = Path.of("deploy");
        return Files.isDirectory(fromRoot.resolve("prometheus")) ? fromRoot : Path.of(".");
    }
}

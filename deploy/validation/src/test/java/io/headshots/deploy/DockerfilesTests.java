package io.headshots.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class DockerfilesTests {
    private static final Pattern ENV_LINE = Pattern.compile("(?m)^ENV\\s+(.*)$");
    private static final Pattern ENV_ASSIGNMENT = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)=(\"[^\"]*\"|'[^']*'|\\S+)");

    static List<String> services() {
        return Repo.SERVICES;
    }

    static List<String> gpuWorkers() {
        return Repo.GPU_WORKERS;
    }

    private static String dockerfile(String service) {
        return Repo.read(Repo.ROOT.resolve(service).resolve("src/main/docker/Dockerfile.jvm"));
    }

    @ParameterizedTest
    @MethodSource("services")
    void copiesTheFastJarLayersAndExposesTheServicePort(String service) {
        String text = dockerfile(service);

        for (String layer : List.of("lib/", "*.jar", "app/", "quarkus/")) {
            assertThat(text).contains("COPY --chown=185 target/quarkus-app/" + layer);
        }
        assertThat(text).containsPattern("(?m)^EXPOSE " + ServiceSources.of(service).httpPort() + "$")
                .containsPattern("(?m)^EXPOSE " + ServiceSources.of(service).managementPort() + "$")
                .contains("-Dquarkus.management.host=0.0.0.0")
                .containsPattern("(?m)^USER 185$").contains("quarkus-run.jar");
    }

    /**
     * MinIO's S3 client runs its async steps on the JDK's common pool; on 2 CPUs or fewer that pool has
     * parallelism 1 and every step gets a new thread (ObjectStore.asyncPoolWarning). Every launcher
     * sizes the pool: the images, ./dev, the benchmarks' stack.
     */
    @ParameterizedTest
    @MethodSource("services")
    void everyLauncherSizesTheCommonPoolTheS3ClientRunsOn(String service) {
        String setting = "-Djava.util.concurrent.ForkJoinPool.common.parallelism=4";

        assertThat(dockerfile(service)).containsPattern("(?m)^ENV JAVA_OPTS(_APPEND)?=\"" + Pattern.quote(setting));
        assertThat(Repo.read(Repo.ROOT.resolve("dev"))).containsPattern("nohup java [^\n]*" + Pattern.quote(setting));
        assertThat(Repo.read(Repo.ROOT.resolve("bench/lib/stack.sh")))
                .containsPattern("exec java [^\n]*" + Pattern.quote(setting))
                .containsPattern("BENCH_HARNESS_OPTS[^\n]*" + Pattern.quote(setting));
    }

    @ParameterizedTest
    @MethodSource("gpuWorkers")
    void gpuWorkersRunOnACudaRuntimeWithAJava17Runtime(String worker) {
        String text = dockerfile(worker);

        assertThat(text).containsPattern("(?m)^FROM nvidia/cuda:12\\.[0-9.]+-cudnn-runtime-")
                .contains("openjdk-17-jre-headless").contains("onnxruntime_gpu").contains("-Pgpu");
    }

    @ParameterizedTest
    @MethodSource("gpuWorkers")
    void theGpuProfileTheImageIsBuiltWithSwapsInTheCudaRuntime(String worker) {
        // Without it `mvn -Pgpu` only warns, the image ships the CPU build and cuda silently falls back.
        String pom = Repo.read(Repo.ROOT.resolve(worker).resolve("pom.xml"));

        assertThat(pom).containsPattern("(?s)<profile>\\s*(<!--.*?-->\\s*)?<id>gpu</id>\\s*<properties>\\s*"
                + "<onnxruntime.artifact>onnxruntime_gpu</onnxruntime.artifact>");
        assertThat(pom).contains("<artifactId>${onnxruntime.artifact}</artifactId>");
    }

    @ParameterizedTest
    @MethodSource("services")
    void everyEnvironmentVariableTheImageSetsMeansSomething(String service) {
        ServiceSources sources = ServiceSources.of(service);
        List<String> names = new ArrayList<>();
        Matcher line = ENV_LINE.matcher(dockerfile(service));
        while (line.find()) {
            Matcher a = ENV_ASSIGNMENT.matcher(line.group(1));
            while (a.find()) {
                names.add(a.group(1));
            }
        }
        assertThat(names).allSatisfy(env -> assertThat(EnvironmentNames.accepted(sources, env))
                .as("%s image: %s is read by neither the service nor its launcher", service, env).isTrue());
    }

    @ParameterizedTest
    @MethodSource("services")
    void theBuildContextIsTheModule(String service) {
        Path module = Repo.ROOT.resolve(service);

        assertThat(dockerfile(service)).contains("docker build -f " + service + "/src/main/docker/Dockerfile.jvm")
                .contains(" " + service + "\n");
        assertThat(module.resolve("pom.xml")).isRegularFile();
    }
}

package io.headshots.localstack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * A real S3-compatible server for local use and tests: S3Proxy on its filesystem backend, with
 * signature checking on (wrong credentials are refused as on real S3).
 *
 * <p>Arguments: {@code --data DIR --port P --access-key K --secret-key S [--parent-pid PID]}.
 */
public final class S3Node {
    private S3Node() {
    }

    public static void main(String[] args) throws Exception {
        NodeArgs arguments = new NodeArgs(args);
        arguments.exitWithParent();
        Path data = arguments.path("data");
        Path objects = data.resolve("objects");
        Files.createDirectories(objects);
        Properties p = new Properties();
        p.setProperty("s3proxy.endpoint", "http://127.0.0.1:" + arguments.port("port"));
        p.setProperty("s3proxy.authorization", "aws-v2-or-v4");
        p.setProperty("s3proxy.identity", arguments.get("access-key"));
        p.setProperty("s3proxy.credential", arguments.get("secret-key"));
        p.setProperty("jclouds.provider", "filesystem");
        p.setProperty("jclouds.filesystem.basedir", objects.toString());
        p.setProperty("jclouds.identity", "local");
        p.setProperty("jclouds.credential", "local");
        Path file = data.resolve("s3proxy.properties");
        try (var out = Files.newBufferedWriter(file)) {
            p.store(out, "written by io.headshots.localstack.S3Node");
        }
        org.gaul.s3proxy.Main.main(new String[] {"--properties", file.toString()});
    }
}

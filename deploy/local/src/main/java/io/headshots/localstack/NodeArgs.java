package io.headshots.localstack;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** {@code --name value} arguments of the node mains, with a parent watchdog shared by both. */
final class NodeArgs {
    private final Map<String, String> values = new HashMap<>();

    NodeArgs(String[] args) {
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --name value pairs, got " + args[i]);
            }
            values.put(args[i].substring(2), args[i + 1]);
        }
    }

    String get(String name) {
        String value = values.get(name);
        if (value == null) {
            throw new IllegalArgumentException("missing --" + name);
        }
        return value;
    }

    String get(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    int port(String name) {
        return Integer.parseInt(get(name));
    }

    Path path(String name) {
        return Path.of(get(name)).toAbsolutePath();
    }

    /**
     * With {@code --parent-pid}, the node exits when that process is gone: a test JVM killed with
     * SIGKILL must not leave a broker behind.
     */
    void exitWithParent() {
        String parent = values.get("parent-pid");
        if (parent == null) {
            return;
        }
        long pid = Long.parseLong(parent);
        Thread watchdog = new Thread(() -> {
            while (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException e) {
                    return;
                }
            }
            Runtime.getRuntime().halt(0);
        }, "parent-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
    }
}

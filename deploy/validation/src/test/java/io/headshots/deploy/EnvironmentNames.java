package io.headshots.deploy;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * Whether an environment variable set on a service's container means something to it, by the
 * SmallRye rule: a variable configures property {@code p} when it equals {@code p} upper-cased with
 * every character other than letters and digits turned into {@code _}. A variable is accepted when
 * <ul>
 * <li>it maps to a property the service's sources name (see {@link ServiceSources}), a {@code *}
 * segment of a map standing for any key;</li>
 * <li>the service reads it by name ({@code ${NAME:...}}, {@code System.getenv});</li>
 * <li>it maps to {@code kafka.<client config>}: the {@code kafka.*} namespace is passed to every
 * Kafka client of the service (the names come from the Kafka client library itself);</li>
 * <li>it is read by the container's launcher, not the application ({@link #LAUNCHER}).</li>
 * </ul>
 */
final class EnvironmentNames {
    /** Read by the image's start script or the JVM, never by the application's configuration. */
    static final Set<String> LAUNCHER = Set.of("JAVA_OPTS", "JAVA_OPTS_APPEND", "JAVA_APP_JAR", "JAVA_MAX_MEM_RATIO",
            "LANGUAGE", "LANG");

    private static final Set<String> KAFKA_CLIENT_CONFIGS = kafkaClientConfigs();

    private EnvironmentNames() {
    }

    static boolean accepted(ServiceSources service, String env) {
        if (LAUNCHER.contains(env) || service.envReadDirectly.contains(env)) {
            return true;
        }
        for (String property : service.propertyNames) {
            if (matches(property, env)) {
                return true;
            }
        }
        return KAFKA_CLIENT_CONFIGS.stream().anyMatch(c -> envOf("kafka." + c).equals(env));
    }

    /** {@code upscaler.tile-size} becomes {@code UPSCALER_TILE_SIZE}. */
    static String envOf(String property) {
        return property.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }

    static boolean matches(String property, String env) {
        if (!property.contains("*")) {
            return envOf(property).equals(env);
        }
        StringBuilder regex = new StringBuilder();
        for (String part : property.split("\\*", -1)) {
            if (!regex.isEmpty()) {
                regex.append("[A-Z0-9_]+");
            }
            regex.append(Pattern.quote(envOf(part)));
        }
        return env.matches(regex.toString());
    }

    private static Set<String> kafkaClientConfigs() {
        Set<String> names = new java.util.TreeSet<>();
        names.addAll(ProducerConfig.configNames());
        names.addAll(ConsumerConfig.configNames());
        names.addAll(AdminClientConfig.configNames());
        return names;
    }
}

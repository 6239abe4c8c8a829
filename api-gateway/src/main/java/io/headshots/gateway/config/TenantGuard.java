package io.headshots.gateway.config;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigUtils;

/**
 * Refuses to start a gateway that is not on the local stack with no tenants, or with a tenant whose
 * key is one of the published demo keys ({@code dev-free-key}, {@code dev-premium-key}: anyone who
 * read the README could use it). The demo tenants are configured only for the profiles of the local
 * stack ({@value #LOCAL}: {@code ./dev up}, the system tests, the benchmarks), dev mode and tests.
 */
@ApplicationScoped
public class TenantGuard {
    /** The profile of the local stack, on top of prod: {@code QUARKUS_PROFILE=prod,local}. */
    public static final String LOCAL = "local";
    /** Profiles in which the demo tenants are expected. */
    static final Set<String> DEMO_PROFILES = Set.of(LOCAL, "dev", "test");
    /** The keys printed in the README and by {@code ./dev up}. */
    static final List<String> DEMO_KEYS = List.of("dev-free-key", "dev-premium-key");

    void check(@Observes StartupEvent event, GatewayConfig config) {
        List<String> profiles = ConfigUtils.getProfiles();
        Map<String, String> hashes = new LinkedHashMap<>();
        config.tenants().forEach((id, tenant) -> hashes.put(id, tenant.keySha256()));
        refusal(profiles, hashes).ifPresent(reason -> {
            throw new IllegalStateException(reason);
        });
    }

    /**
     * Why a gateway with these tenants must not start under these profiles; empty when it may.
     *
     * @param keyHashesById each tenant's id and key hash
     */
    static Optional<String> refusal(List<String> profiles, Map<String, String> keyHashesById) {
        if (profiles.stream().anyMatch(DEMO_PROFILES::contains)) {
            return Optional.empty();
        }
        if (keyHashesById.isEmpty()) {
            return Optional.of("no tenants configured (profiles " + profiles + "): set GATEWAY_TENANTS_<ID>_KEY_SHA256"
                    + " and GATEWAY_TENANTS_<ID>_TIER (deploy/README.md, \"Secrets\"); the demo tenants exist only in"
                    + " the local stack (QUARKUS_PROFILE=prod,local)");
        }
        Set<String> demo = new TreeSet<>();
        keyHashesById.forEach((id, hash) -> {
            if (DEMO_KEYS.stream().map(TenantGuard::sha256).anyMatch(h -> h.equalsIgnoreCase(hash.trim()))) {
                demo.add(id);
            }
        });
        if (!demo.isEmpty()) {
            return Optional.of("tenants " + demo + " use a published demo key (" + String.join(", ", DEMO_KEYS)
                    + "); give them keys of their own (profiles " + profiles + ")");
        }
        return Optional.empty();
    }

    static String sha256(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

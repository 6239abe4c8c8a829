package io.headshots.gateway.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.headshots.gateway.config.GatewayConfig;

/**
 * Resolves an API key to its tenant. Only SHA-256 hashes of keys are configured; the presented key
 * is hashed and compared with every configured hash in constant time, without stopping at a match,
 * so neither the timing nor the position of a tenant leaks which hash matched how far.
 */
@ApplicationScoped
public class ApiKeys {
    private final List<Entry> entries = new ArrayList<>();

    public ApiKeys(GatewayConfig config) {
        for (Map.Entry<String, GatewayConfig.Tenant> e : config.tenants().entrySet()) {
            GatewayConfig.Tenant t = e.getValue();
            byte[] hash;
            try {
                hash = HexFormat.of().parseHex(t.keySha256().trim().toLowerCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException bad) {
                throw new IllegalStateException("gateway.tenants." + e.getKey() + ".key-sha256 is not hex");
            }
            if (hash.length != 32) {
                throw new IllegalStateException("gateway.tenants." + e.getKey() + ".key-sha256 is not a SHA-256");
            }
            entries.add(new Entry(hash, new Tenant(e.getKey(), t.tier(),
                    t.ratePerMinute().orElse(config.quotas().ratePerMinute()),
                    t.maxConcurrentJobs().orElse(config.quotas().maxConcurrentJobs()))));
        }
    }

    /** The tenant whose key this is, or empty. */
    public Optional<Tenant> authenticate(String apiKey) {
        if (apiKey == null || apiKey.isEmpty()) {
            return Optional.empty();
        }
        byte[] presented = sha256(apiKey);
        Tenant found = null;
        for (Entry entry : entries) {
            if (MessageDigest.isEqual(entry.hash, presented)) {
                found = entry.tenant;
            }
        }
        return Optional.ofNullable(found);
    }

    static byte[] sha256(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
    }

    private record Entry(byte[] hash, Tenant tenant) {
    }
}

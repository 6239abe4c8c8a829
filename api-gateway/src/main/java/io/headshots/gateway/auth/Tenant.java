package io.headshots.gateway.auth;

import io.headshots.contracts.Tier;

/** An authenticated API caller: the tenant id that owns its jobs, its tier and its quotas. */
public record Tenant(String id, Tier tier, int ratePerMinute, int maxConcurrentJobs) {
}

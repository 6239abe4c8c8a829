package io.headshots.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

class JobIdsTests {
    private static final Instant NOW = Instant.parse("2026-11-26T02:40:12.345Z");

    @Test
    void idCarriesItsCreationTimeToTheMillisecond() {
        String id = new JobIds(Clock.fixed(NOW, ZoneOffset.UTC)).next();

        assertThat(JobIds.isValid(id)).isTrue();
        assertThat(JobIds.createdAt(id)).isEqualTo(NOW);
    }

    @Test
    void idsFromTheSameMillisecondAreDistinct() {
        JobIds ids = new JobIds(Clock.fixed(NOW, ZoneOffset.UTC));
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            seen.add(ids.next());
        }
        assertThat(seen).hasSize(10_000);
    }

    @Test
    void storageKeysLiveUnderTheCreationHour() {
        String id = new JobIds(Clock.fixed(NOW, ZoneOffset.UTC)).next();

        assertThat(StorageKeys.jobRecord(id)).isEqualTo("jobs/2026112602/" + id + "/job.json");
        assertThat(StorageKeys.input(id, "png")).isEqualTo("jobs/2026112602/" + id + "/input/original.png");
        assertThat(StorageKeys.hourOf("jobs/2026112602/")).isEqualTo(Instant.parse("2026-11-26T02:00:00Z"));
        assertThat(StorageKeys.cancelMarker(id)).isEqualTo("jobs/2026112602/" + id + "/cancel.json");
        assertThat(StorageKeys.belongsTo(StorageKeys.cancelMarker(id), id)).isTrue();
    }

    @Test
    void tenantIndexEntryLiesUnderTheJobsHourAndNamesTheTenantByAHashOnly() {
        String id = new JobIds(Clock.fixed(NOW, ZoneOffset.UTC)).next();

        String entry = StorageKeys.tenantEntry("demo-free", id);

        assertThat(entry).matches("jobs/2026112602/tenants/[0-9a-f]{32}/" + id).doesNotContain("demo-free");
        assertThat(entry).startsWith(StorageKeys.tenantHourPrefix("demo-free", NOW));
        assertThat(StorageKeys.tenantKey("demo-free")).isNotEqualTo(StorageKeys.tenantKey("demo-premium"));
    }

    @Test
    void anythingButACanonicalUuidV7IsRefused() {
        assertThat(JobIds.isValid("../../etc/passwd")).isFalse();
        assertThat(JobIds.isValid("3f2504e0-4f89-11d3-9a0c-0305e82c3301")).isFalse(); // v1
        assertThat(JobIds.isValid(null)).isFalse();
        assertThatThrownBy(() -> JobIds.createdAt("nope")).isInstanceOf(IllegalArgumentException.class);
    }
}

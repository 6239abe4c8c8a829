package io.headshots.gateway.webhook;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.headshots.contracts.JobIds;
import io.headshots.contracts.Messages;
import io.headshots.contracts.StorageKeys;
import io.headshots.gateway.JobState;
import io.headshots.platform.storage.JobStore;
import io.headshots.platform.storage.StorageException;

/**
 * Where deliveries live in S3, shared by every gateway replica:
 * <ul>
 * <li>{@code jobs/{hour}/{jobId}/webhook/delivery.json}: the {@link Delivery}, created once per job
 * with a conditional write, so one terminal state makes one delivery however many replicas saw it;</li>
 * <li>{@code jobs/{hour}/{jobId}/webhook/attempt-{n}.json}: the claim of attempt n, created with a
 * conditional write by the replica that makes it, so no two replicas make the same attempt;</li>
 * <li>{@code jobs/{hour}/webhooks/{jobId}}: an empty index entry, written at submission, that the
 * periodic scan lists to find jobs with a webhook whatever replica knows them.</li>
 * </ul>
 * All lie under the job's creation hour: deleting the job deletes its delivery and claims, and
 * retention removes the index entries with their hour.
 */
@ApplicationScoped
public class DeliveryStore {
    private static final Logger LOG = Logger.getLogger(DeliveryStore.class);
    /** The folder of the webhook index within an hour; never a job id. */
    public static final String INDEX = "webhooks/";
    private static final String JSON = "application/json";

    private final JobStore store;

    public DeliveryStore(JobStore store) {
        this.store = store;
    }

    /**
     * Files a job just submitted with a webhook in the index, once it is stored (the scan takes an
     * indexed job without a record for a deleted one); returns the job.
     */
    public JobState track(JobState job) {
        if (job.job().webhook() != null) {
            try {
                index(job.id());
            } catch (StorageException e) {
                // The replica that created the job still delivers it; only its restart would lose it.
                LOG.warnf("could not index a job's webhook: %s", e.getMessage()); // jobId: the MDC field
            }
        }
        return job;
    }

    /** Files the job in the hour's webhook index. */
    public void index(String jobId) {
        store.objects().put(indexEntry(jobId), new byte[0], "application/octet-stream");
    }

    public void unindex(String jobId) {
        store.objects().delete(List.of(indexEntry(jobId)));
    }

    /** The ids of the jobs with a webhook created in the hour that contains {@code hour}. */
    public List<String> indexed(Instant hour) {
        String prefix = StorageKeys.hourPrefix(hour) + INDEX;
        return store.objects().list(prefix, false).stream().map(k -> k.substring(prefix.length()))
                .filter(JobIds::isValid).toList();
    }

    /** Creates the delivery unless one exists; true when this call created it. */
    public boolean create(Delivery delivery) {
        return store.objects().putIfAbsent(record(delivery.jobId()), Messages.toJson(delivery), JSON);
    }

    public Optional<Delivery> find(String jobId) {
        return store.objects().get(record(jobId)).map(b -> Messages.fromJson(b, Delivery.class));
    }

    /** Stores the delivery after an attempt; only the replica holding the attempt's claim writes. */
    public void save(Delivery delivery) {
        store.objects().put(record(delivery.jobId()), Messages.toJson(delivery), JSON);
    }

    /** Claims attempt {@code number} for this replica; false when another replica claimed it first. */
    public boolean claim(String jobId, int number, Instant now) {
        return store.objects().putIfAbsent(claimKey(jobId, number),
                Messages.toJson(new Claim(number, now)), JSON);
    }

    /** When attempt {@code number} was claimed, if it was. */
    public Optional<Instant> claimedAt(String jobId, int number) {
        return store.objects().get(claimKey(jobId, number)).map(b -> Messages.fromJson(b, Claim.class).at());
    }

    static String record(String jobId) {
        return StorageKeys.jobPrefix(jobId) + "webhook/delivery.json";
    }

    static String claimKey(String jobId, int number) {
        return StorageKeys.jobPrefix(jobId) + "webhook/attempt-" + number + ".json";
    }

    static String indexEntry(String jobId) {
        return StorageKeys.hourPrefix(JobIds.createdAt(jobId)) + INDEX + jobId;
    }

    record Claim(int number, Instant at) {
    }
}

package io.headshots.gateway.service;

import io.headshots.gateway.JobState;

/**
 * A CDI event: this replica saw the job reach a terminal status (from an event, an S3 read or a
 * cancel). Observers run on the thread that noticed it (the Kafka listener, a request): they must
 * only hand the work on. It may fire more than once per job and on several replicas.
 */
public record JobFinished(JobState state) {
}

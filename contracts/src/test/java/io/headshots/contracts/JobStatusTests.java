package io.headshots.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JobStatusTests {
    @Test
    void queuedUntilAWorkerStarts() {
        assertThat(JobStatus.derive(3, 0, 0, 0, false, false)).isEqualTo(JobStatus.QUEUED);
        assertThat(JobStatus.derive(3, 0, 0, 0, true, false)).isEqualTo(JobStatus.RUNNING);
        assertThat(JobStatus.derive(3, 1, 0, 0, false, false)).isEqualTo(JobStatus.RUNNING);
    }

    @Test
    void terminalStatusFollowsTheMixOfOutcomes() {
        assertThat(JobStatus.derive(3, 3, 0, 0, true, false)).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(JobStatus.derive(3, 2, 1, 0, true, false)).isEqualTo(JobStatus.PARTIALLY_SUCCEEDED);
        assertThat(JobStatus.derive(3, 0, 3, 0, true, false)).isEqualTo(JobStatus.FAILED);
    }

    @Test
    void canceledJobStaysCanceledWhateverItsTasksDoLaterUnlessAllHadSucceeded() {
        assertThat(JobStatus.derive(3, 1, 0, 0, true, true)).isEqualTo(JobStatus.CANCELED);
        assertThat(JobStatus.derive(3, 0, 0, 1, true, true)).isEqualTo(JobStatus.CANCELED);
        assertThat(JobStatus.derive(3, 0, 1, 2, true, true)).isEqualTo(JobStatus.CANCELED);
        assertThat(JobStatus.derive(3, 2, 0, 1, true, true)).isEqualTo(JobStatus.CANCELED);
        // another replica that has not yet seen the cancel marker, only a worker's canceled task
        assertThat(JobStatus.derive(3, 1, 0, 1, true, false)).isEqualTo(JobStatus.CANCELED);
        assertThat(JobStatus.derive(1, 1, 0, 0, true, true)).isEqualTo(JobStatus.SUCCEEDED);
    }

    @Test
    void upscaleModelCatalogueHasOneDefault() {
        assertThat(UpscaleModels.defaultModel().name()).isEqualTo("realesrgan-x4plus");
        assertThat(UpscaleModels.byName("realesrgan-x4fast")).isPresent();
        assertThat(UpscaleModels.byName("nope")).isEmpty();
    }
}

package io.headshots.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

class MessagesTests {
    private final String jobId = new JobIds(Clock.systemUTC()).next();

    private UpscaleTask task(int version, String inputKey) {
        return new UpscaleTask(version, jobId, "t0", inputKey, StorageKeys.upscaled(jobId, "image", "png"), "image",
                "realesrgan-x4plus", 4, 0, 0, "png", Instant.parse("2026-11-26T02:40:00Z"));
    }

    @Test
    void taskSurvivesARoundTrip() {
        UpscaleTask sent = task(UpscaleTask.VERSION, StorageKeys.input(jobId, "png"));

        UpscaleTask received = Messages.decodeTask(Messages.toJson(sent), UpscaleTask.class);

        assertThat(received).isEqualTo(sent);
    }

    @Test
    void garbageIsPoisonWithAReasonThatDoesNotEchoThePayload() {
        byte[] payload = "secret-not-json".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> Messages.decodeTask(payload, UpscaleTask.class))
                .isInstanceOf(PoisonMessageException.class)
                .hasMessageNotContaining("secret");
    }

    @Test
    void unknownVersionIsPoison() {
        byte[] payload = Messages.toJson(task(99, StorageKeys.input(jobId, "png")));

        assertThatThrownBy(() -> Messages.decodeTask(payload, UpscaleTask.class))
                .isInstanceOf(PoisonMessageException.class)
                .hasMessageContaining("version");
    }

    @Test
    void missingFieldIsPoisonNamingTheField() {
        byte[] payload = ("{\"v\":1,\"jobId\":\"" + jobId + "\"}").getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> Messages.decodeTask(payload, UpscaleTask.class))
                .isInstanceOf(PoisonMessageException.class)
                .hasMessage("taskId missing");
    }

    @Test
    void fieldOfTheWrongTypeIsPoisonNamingTheField() {
        String json = new String(Messages.toJson(task(UpscaleTask.VERSION, StorageKeys.input(jobId, "png"))),
                StandardCharsets.UTF_8).replace("\"scale\":4", "\"scale\":{\"x\":1}");

        assertThatThrownBy(() -> Messages.decodeTask(json.getBytes(StandardCharsets.UTF_8), UpscaleTask.class))
                .isInstanceOf(PoisonMessageException.class)
                .hasMessage("scale has the wrong type");
    }

    @Test
    void keyOutsideTheJobIsPoison() {
        byte[] payload = Messages.toJson(task(UpscaleTask.VERSION, "jobs/2026010100/other/input/original.png"));

        assertThatThrownBy(() -> Messages.decodeTask(payload, UpscaleTask.class))
                .isInstanceOf(PoisonMessageException.class)
                .hasMessageContaining("inputKey");
    }

    @Test
    void enumsTravelInLowerCase() {
        String json = new String(Messages.toJson(JobEvent.progress(jobId, "t0", 3, 9, Instant.EPOCH)),
                StandardCharsets.UTF_8);

        assertThat(json).contains("\"type\":\"task_progress\"");
    }

    @Test
    void resultWrittenBeforeTheIdentityScoreExistedStillReads() {
        TaskResult now = TaskResult.succeeded(jobId, "t0", "image", StorageKeys.upscaled(jobId, "image", "png"),
                "image/png", 128, 96, Instant.parse("2026-11-26T02:40:00Z"));
        String json = new String(Messages.toJson(now), StandardCharsets.UTF_8);

        assertThat(json).doesNotContain("identityScore");
        assertThat(Messages.fromJson(json.getBytes(StandardCharsets.UTF_8), TaskResult.class)).isEqualTo(now);
    }

    @Test
    void identityScoreSurvivesARoundTripInResultAndFollowOnTask() {
        TaskResult result = TaskResult.succeeded(jobId, "corporate-1", "corporate-1",
                StorageKeys.generated(jobId, "corporate-1", "png"), "image/png", 1024, 1024, Instant.EPOCH, 0.83);
        UpscaleTask followOn = new UpscaleTask(UpscaleTask.VERSION, jobId, "corporate-1", StorageKeys.input(jobId, "png"),
                StorageKeys.upscaled(jobId, "corporate-1", "png"), "corporate-1", "realesrgan-x4plus", 0, 4096, 4096,
                "png", Instant.EPOCH, 0.83, null);

        assertThat(Messages.fromJson(Messages.toJson(result), TaskResult.class).identityScore()).isEqualTo(0.83);
        assertThat(Messages.decodeTask(Messages.toJson(followOn), UpscaleTask.class).identityScore()).isEqualTo(0.83);
        assertThat(task(UpscaleTask.VERSION, StorageKeys.input(jobId, "png")).identityScore()).isNull();
    }

    @Test
    void anOptionalFieldDoesNotExcuseAMissingRequiredOne() {
        String json = new String(Messages.toJson(TaskResult.canceled(jobId, "t0", "image", Instant.EPOCH)),
                StandardCharsets.UTF_8).replace("\"outcome\":\"canceled\",", "");

        assertThatThrownBy(() -> Messages.fromJson(json.getBytes(StandardCharsets.UTF_8), TaskResult.class))
                .hasMessageContaining("outcome");
    }

    @Test
    void jobRecordWrittenBeforeWebhooksExistedStillReadsAndAWebhookSurvivesARoundTrip() {
        JobRecord plain = new JobRecord(JobRecord.VERSION, jobId, "tenant", JobKind.UPSCALE, Tier.FREE, Instant.EPOCH,
                Instant.EPOCH.plusSeconds(86400), StorageKeys.input(jobId, "png"), "png", 64, 48, null,
                List.of(new TaskSpec("image", "image", "upscaled", null, StorageKeys.upscaled(jobId, "image", "png"))));
        String json = new String(Messages.toJson(plain), StandardCharsets.UTF_8);

        assertThat(json).doesNotContain("webhook");
        assertThat(Messages.fromJson(json.getBytes(StandardCharsets.UTF_8), JobRecord.class).webhook()).isNull();
        JobRecord hooked = plain.withWebhook("https://example.com/hook?token=t0ken");
        assertThat(Messages.fromJson(Messages.toJson(hooked), JobRecord.class)).isEqualTo(hooked);
        assertThat(hooked.toString()).doesNotContain("t0ken");
    }

    @Test
    void aVerifiedFollowOnNamesThePhotoAndAnOlderFollowOnWithoutItStillReads() {
        UpscaleTask verified = new UpscaleTask(UpscaleTask.VERSION, jobId, "corporate-1-upscale",
                StorageKeys.generated(jobId, "corporate-1", "png"), StorageKeys.upscaled(jobId, "corporate-1", "png"),
                "corporate-1", "realesrgan-x4plus", 0, 4096, 4096, "png", Instant.EPOCH, 0.83,
                StorageKeys.input(jobId, "jpg"));
        String older = new String(Messages.toJson(task(UpscaleTask.VERSION, StorageKeys.input(jobId, "png"))),
                StandardCharsets.UTF_8);

        assertThat(Messages.decodeTask(Messages.toJson(verified), UpscaleTask.class).verifyPhotoKey())
                .isEqualTo(StorageKeys.input(jobId, "jpg"));
        assertThat(older).doesNotContain("verifyPhotoKey");
        assertThat(Messages.decodeTask(older.getBytes(StandardCharsets.UTF_8), UpscaleTask.class).verifyPhotoKey())
                .isNull();
        assertThat(UpscaleTask.stepResultId("corporate-1-upscale")).isEqualTo("corporate-1-upscale-stored");
    }

    @Test
    void aVerifyTaskSurvivesARoundTripAndAPhotoOutsideTheJobIsPoison() {
        VerifyTask verify = new VerifyTask(VerifyTask.VERSION, jobId, "corporate-1-upscale",
                StorageKeys.input(jobId, "jpg"), StorageKeys.upscaled(jobId, "corporate-1", "png"), "corporate-1",
                "image/png", 4096, 4096, Instant.EPOCH);
        VerifyTask elsewhere = new VerifyTask(VerifyTask.VERSION, jobId, "corporate-1-upscale",
                StorageKeys.input(new JobIds(Clock.systemUTC()).next(), "jpg"), verify.outputKey(), "corporate-1", "image/png", 4096, 4096,
                Instant.EPOCH);

        assertThat(Messages.decodeTask(Messages.toJson(verify), VerifyTask.class)).isEqualTo(verify);
        assertThatThrownBy(() -> Messages.decodeTask(Messages.toJson(elsewhere), VerifyTask.class))
                .isInstanceOf(PoisonMessageException.class).hasMessage("photoKey outside the job");
    }
}

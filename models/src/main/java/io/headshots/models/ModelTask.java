package io.headshots.models;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What a catalogue model is for; each task has its own I/O contract (see the module README). */
public enum ModelTask {
    /** Image in, image {@code scale} times larger out. */
    @JsonProperty("upscale") UPSCALE("upscale"),
    /** Face boxes and keypoints (as raw anchor regressions) from an image. */
    @JsonProperty("face-detection") FACE_DETECTION("face-detection"),
    /** An identity embedding from an aligned face crop. */
    @JsonProperty("face-descriptor") FACE_DESCRIPTOR("face-descriptor"),
    /** A per-pixel foreground alpha matte from an image. */
    @JsonProperty("matting") MATTING("matting");

    private final String id;

    ModelTask(String id) {
        this.id = id;
    }

    /** The name the catalogue and the command line use. */
    public String id() {
        return id;
    }
}

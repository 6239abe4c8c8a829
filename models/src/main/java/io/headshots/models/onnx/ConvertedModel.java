package io.headshots.models.onnx;

import ai.onnx.proto.OnnxMl.ModelProto;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** An ONNX model produced by the converter, with the upscale factor it computed from the graph. */
public record ConvertedModel(ModelProto proto, double scale) {

    public void writeTo(Path file) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            proto.writeTo(out);
        }
    }
}

package io.headshots.models.recipe;

import ai.onnx.proto.OnnxMl.ModelProto;
import com.google.protobuf.CodedInputStream;
import io.headshots.models.ModelUnavailableException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Refuses a file that does not parse as an ONNX model with a graph, before it reaches the cache. */
final class OnnxFileCheck {

    private OnnxFileCheck() {
    }

    static void requireModel(Path file, String name) throws IOException {
        ModelProto model;
        try (InputStream in = Files.newInputStream(file)) {
            CodedInputStream coded = CodedInputStream.newInstance(in);
            coded.setSizeLimit(Integer.MAX_VALUE);
            model = ModelProto.parseFrom(coded);
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new ModelUnavailableException(name + ": not an ONNX model (" + e.getMessage() + ")", e);
        }
        if (!model.hasGraph() || model.getGraph().getInputCount() == 0 || model.getGraph().getOutputCount() == 0) {
            throw new ModelUnavailableException(name + ": ONNX file has no graph inputs or outputs");
        }
    }
}

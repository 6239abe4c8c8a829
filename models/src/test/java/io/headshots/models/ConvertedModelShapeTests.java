package io.headshots.models;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.TensorInfo;
import io.headshots.models.reference.OnnxRuntimeUpscaler;
import io.headshots.models.reference.SyntheticImage;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The I/O contract other modules rely on: names, dynamic H and W, scale x input, scale in metadata. */
class ConvertedModelShapeTests {

    private static final ModelStore STORE = ModelStore.defaultStore();

    @ParameterizedTest
    @ValueSource(strings = {"realesrgan-x4fast", "realesr-animevideov3-x2", "realesr-animevideov3-x3"})
    void outputIsExactlyScaleTimesANonSquareInput(String name) throws Exception {
        int scale = STORE.entry(name).orElseThrow().scale();
        Path model = STORE.ensure(name);

        try (OnnxRuntimeUpscaler runner = new OnnxRuntimeUpscaler(model)) {
            OnnxRuntimeUpscaler.Result result = runner.run(SyntheticImage.rgb(13, 22, 7));

            assertThat(result.shape()).containsExactly(1, 3, 13L * scale, 22L * scale);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"realesrgan-x4plus", "realesrgan-x4fast", "realesr-animevideov3-x3"})
    void modelDeclaresInputAndOutputWithDynamicSizeAndRecordsItsScale(String name) throws Exception {
        Path model = STORE.ensure(name);

        try (OnnxRuntimeUpscaler runner = new OnnxRuntimeUpscaler(model)) {
            var session = runner.session();
            assertThat(session.getInputNames()).containsExactly("input");
            assertThat(session.getOutputNames()).containsExactly("output");
            NodeInfo input = session.getInputInfo().get("input");
            assertThat(((TensorInfo) input.getInfo()).getShape()).containsExactly(1, 3, -1, -1);
            assertThat(session.getMetadata().getCustomMetadataValue("scale"))
                    .contains(String.valueOf(STORE.entry(name).orElseThrow().scale()));
        }
    }
}

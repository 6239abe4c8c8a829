package io.headshots.gateway.validation;

import java.nio.file.Path;
import java.util.Locale;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import io.headshots.contracts.JobRecord.UpscaleOptions;
import io.headshots.contracts.UpscaleModels;
import io.headshots.gateway.ApiProblem;
import io.headshots.gateway.config.GatewayConfig;

/**
 * Checks uploads and their parameters before anything is stored or decoded: byte size, format by
 * content, declared dimensions, animation, then the requested output against its pixel cap.
 */
@ApplicationScoped
public class UploadValidator {
    private static final int DEFAULT_SCALE = 4;

    private final GatewayConfig.Upload limits;

    public UploadValidator(GatewayConfig config) {
        this.limits = config.upload();
    }

    /**
     * Checks an uploaded image file.
     *
     * @param part the name of the form's file part, for the message when it is missing
     * @param file the uploaded file, or null when the form had no such file part
     */
    public ImageHeader checkImage(String part, Path file, long size) {
        if (file == null) {
            throw problem(ImageRejected.Reason.MISSING, "send the image as a multipart file part named '" + part
                    + "'");
        }
        if (size > limits.maxBytes()) {
            throw problem(ImageRejected.Reason.TOO_LARGE,
                    "the image has " + size + " bytes; at most " + limits.maxBytes() + " are accepted");
        }
        try {
            return ImageProbe.probe(file, new ImageLimits(limits.maxInputPixels(), limits.minSide()));
        } catch (ImageRejected rejected) {
            throw problem(rejected.reason(), rejected.getMessage());
        }
    }

    /** Checks the upscale parameters (form fields, as sent) against the image. */
    public UpscaleRequest checkUpscale(ImageHeader image, String scale, String width, String height, String model,
            String format) {
        String modelName = blank(model) ? UpscaleModels.defaultModel().name() : model.trim();
        if (UpscaleModels.byName(modelName).isEmpty()) {
            throw ApiProblem.badRequest("unknown_model", "model must be one of "
                    + UpscaleModels.all().stream().map(UpscaleModels.Model::name).collect(Collectors.joining(", ")));
        }
        String outputFormat = blank(format) ? "png" : format.trim().toLowerCase(Locale.ROOT);
        if (outputFormat.equals("jpg")) {
            outputFormat = "jpeg";
        }
        if (!outputFormat.equals("png") && !outputFormat.equals("jpeg")) {
            throw ApiProblem.badRequest("invalid_output_format", "format must be png or jpeg");
        }

        boolean target = !blank(width) || !blank(height);
        if (target && !blank(scale)) {
            throw ApiProblem.badRequest("conflicting_size", "give either scale or width and height, not both");
        }
        long outWidth;
        long outHeight;
        int factor = 0;
        int targetWidth = 0;
        int targetHeight = 0;
        if (target) {
            targetWidth = side(width, "width");
            targetHeight = side(height, "height");
            outWidth = targetWidth;
            outHeight = targetHeight;
        } else {
            factor = blank(scale) ? DEFAULT_SCALE : scale(scale);
            outWidth = (long) image.width() * factor;
            outHeight = (long) image.height() * factor;
        }
        if (outWidth * outHeight > limits.maxOutputPixels()) {
            throw ApiProblem.unprocessable("output_too_large", "Output too large", "the output would be " + outWidth
                    + "x" + outHeight + " pixels; at most " + limits.maxOutputPixels() + " pixels are produced");
        }
        return new UpscaleRequest(image, new UpscaleOptions(modelName, factor, targetWidth, targetHeight,
                outputFormat), (int) outWidth, (int) outHeight);
    }

    private int side(String value, String name) {
        if (blank(value)) {
            throw ApiProblem.badRequest("invalid_target_size", "width and height must be given together");
        }
        int side = integer(value, "invalid_target_size", name + " must be a whole number");
        if (side < limits.minSide() || side > limits.maxTargetSide()) {
            throw ApiProblem.badRequest("invalid_target_size",
                    name + " must be between " + limits.minSide() + " and " + limits.maxTargetSide());
        }
        return side;
    }

    private static int scale(String value) {
        int scale = integer(value, "invalid_scale", "scale must be 2, 3 or 4");
        if (scale < 2 || scale > 4) {
            throw ApiProblem.badRequest("invalid_scale", "scale must be 2, 3 or 4");
        }
        return scale;
    }

    private static int integer(String value, String code, String detail) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw ApiProblem.badRequest(code, detail);
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static ApiProblem problem(ImageRejected.Reason reason, String detail) {
        return new ApiProblem(reason.status(), reason.code(), reason.title(), detail);
    }
}

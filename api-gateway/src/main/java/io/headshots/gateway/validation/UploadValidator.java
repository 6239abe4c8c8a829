package io.headshots.gateway.validation;

import java.nio.file.Path;
import java.util.Locale;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import io.headshots.contracts.JobRecord.UpscaleOptions;
import io.headshots.contracts.SizeLimits;
import io.headshots.contracts.Tier;
import io.headshots.contracts.UpscaleModels;
import io.headshots.gateway.ApiProblem;
import io.headshots.gateway.config.GatewayConfig;

/**
 * Checks uploads and their parameters before anything is stored or decoded: byte size, format by
 * content, declared dimensions, animation, then the requested output against the tier's cap and the
 * upscaler's pixel limit. The pixel limits are those of contracts {@link SizeLimits}, the same the
 * workers apply, so nothing accepted here is refused later for its size.
 */
@ApplicationScoped
public class UploadValidator {
    private static final int DEFAULT_SCALE = 4;
    private static final ImageLimits INPUT_LIMITS = new ImageLimits(SizeLimits.MAX_INPUT_PIXELS, SizeLimits.MIN_SIDE);

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
            return ImageProbe.probe(file, INPUT_LIMITS);
        } catch (ImageRejected rejected) {
            throw problem(rejected.reason(), rejected.getMessage());
        }
    }

    /** Checks the upscale parameters (form fields, as sent) against the image and the caller's tier. */
    public UpscaleRequest checkUpscale(ImageHeader image, Tier tier, String scale, String width, String height,
            String model, String format) {
        String modelName = blank(model) ? UpscaleModels.defaultModel().name() : model.trim();
        UpscaleModels.Model upscaleModel = UpscaleModels.byName(modelName).orElseThrow(() -> ApiProblem.badRequest(
                "unknown_model", "model must be one of " + UpscaleModels.all().stream().map(UpscaleModels.Model::name)
                        .collect(Collectors.joining(", "))));
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
        if (Math.max(outWidth, outHeight) > tier.maxUpscaleLongEdge()) {
            throw new ApiProblem(403, "tier_limit_exceeded", "Tier limit exceeded", "the " + tier.wireName()
                    + " tier upscales to at most " + tier.maxUpscaleLongEdge() + " px on the long edge; this request"
                    + " asks for " + outWidth + "x" + outHeight + " (premium goes up to the service's limits)");
        }
        // The upscaler's own rule: the model runs at its scale over the input before any resize.
        if (SizeLimits.upscalePixels(image.width(), image.height(), upscaleModel.scale(), (int) outWidth,
                (int) outHeight) > SizeLimits.MAX_UPSCALE_PIXELS) {
            throw ApiProblem.unprocessable("output_too_large", "Output too large", "the output would be " + outWidth
                    + "x" + outHeight + " and " + modelName + " works at " + upscaleModel.scale() + "x the "
                    + image.width() + "x" + image.height() + " input; at most " + SizeLimits.MAX_UPSCALE_PIXELS
                    + " pixels are produced");
        }
        return new UpscaleRequest(image, new UpscaleOptions(modelName, factor, targetWidth, targetHeight,
                outputFormat), (int) outWidth, (int) outHeight);
    }

    private int side(String value, String name) {
        if (blank(value)) {
            throw ApiProblem.badRequest("invalid_target_size", "width and height must be given together");
        }
        int side = integer(value, "invalid_target_size", name + " must be a whole number");
        if (side < SizeLimits.MIN_SIDE || side > limits.maxTargetSide()) {
            throw ApiProblem.badRequest("invalid_target_size",
                    name + " must be between " + SizeLimits.MIN_SIDE + " and " + limits.maxTargetSide());
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

package io.headshots.gateway.rest;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The body of every error answer, RFC 9457 problem details with the extension members {@code code},
 * a stable machine-readable reason (the same value as in the {@code type} URN), and {@code errorId}
 * on an unexpected failure only: the id under which the gateway logged it, for a support request.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "Problem", description = "RFC 9457 problem details, media type application/problem+json")
public record Problem(
        @Schema(description = "urn:headshots:problem:<code>", examples = "urn:headshots:problem:not_found",
                required = true) String type,
        @Schema(required = true) String title,
        @Schema(required = true) int status,
        @Schema(required = true) String detail,
        @Schema(description = "Stable machine-readable reason", examples = "not_found", required = true) String code,
        @Schema(description = "Only on 500 internal_error: the id the failure was logged under") String errorId) {
    public static final String MEDIA_TYPE = "application/problem+json";
    private static final String TYPE_PREFIX = "urn:headshots:problem:";

    public static Problem of(int status, String code, String title, String detail) {
        return new Problem(TYPE_PREFIX + code, title, status, detail, code, null);
    }

    public Problem withErrorId(String id) {
        return new Problem(type, title, status, detail, code, id);
    }
}

package io.headshots.gateway.rest;

/**
 * The body of every error answer, RFC 9457 problem details with one extension member, {@code code}:
 * a stable machine-readable reason (the same value as in the {@code type} URN).
 */
public record Problem(String type, String title, int status, String detail, String code) {
    public static final String MEDIA_TYPE = "application/problem+json";
    private static final String TYPE_PREFIX = "urn:headshots:problem:";

    public static Problem of(int status, String code, String title, String detail) {
        return new Problem(TYPE_PREFIX + code, title, status, detail, code);
    }
}

package io.headshots.gateway;

/**
 * A refusal the client can act on, answered as {@code application/problem+json} (RFC 9457) with a
 * stable {@code code}. Thrown anywhere below the resources; {@code rest.ProblemMappers} renders it.
 */
public class ApiProblem extends RuntimeException {
    private final int status;
    private final String code;
    private final String title;
    private final Integer retryAfterSeconds;

    public ApiProblem(int status, String code, String title, String detail) {
        this(status, code, title, detail, null);
    }

    public ApiProblem(int status, String code, String title, String detail, Integer retryAfterSeconds) {
        super(detail, null, false, false);
        this.status = status;
        this.code = code;
        this.title = title;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public static ApiProblem badRequest(String code, String detail) {
        return new ApiProblem(400, code, "Invalid request", detail);
    }

    public static ApiProblem unprocessable(String code, String title, String detail) {
        return new ApiProblem(422, code, title, detail);
    }

    public static ApiProblem notFound(String what) {
        return new ApiProblem(404, "not_found", "Not found", what + " does not exist");
    }

    public static ApiProblem unavailable(String code, String detail, int retryAfterSeconds) {
        return new ApiProblem(503, code, "Service unavailable", detail, retryAfterSeconds);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public String title() {
        return title;
    }

    public String detail() {
        return getMessage();
    }

    public Integer retryAfterSeconds() {
        return retryAfterSeconds;
    }
}

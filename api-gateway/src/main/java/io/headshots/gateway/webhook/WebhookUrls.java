package io.headshots.gateway.webhook;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;

import io.headshots.gateway.ApiProblem;

/**
 * Checks the {@code webhook} form field of a submission at the door: an absolute http(s) URL with a
 * host, no user info, of bounded length. Where it points is checked again at each delivery
 * ({@link AddressGuard}), since a name's addresses may change after the job was accepted.
 */
@ApplicationScoped
public class WebhookUrls {
    /** The problem code of a refused webhook URL. */
    public static final String INVALID = "invalid_webhook";

    private final int maxLength;

    public WebhookUrls(WebhookConfig config) {
        this.maxLength = config.maxUrlLength();
    }

    /**
     * The URL to store, or null when the field is absent or blank.
     *
     * @throws ApiProblem 400 {@value #INVALID}; the detail never repeats the URL
     */
    public String check(String field) {
        if (field == null || field.isBlank()) {
            return null;
        }
        String url = field.strip();
        if (url.length() > maxLength) {
            throw refused("the webhook URL is longer than " + maxLength + " characters");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw refused("the webhook is not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!uri.isAbsolute() || !(scheme.equals("http") || scheme.equals("https"))) {
            throw refused("the webhook must be an absolute http or https URL");
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            throw refused("the webhook URL has no host");
        }
        if (uri.getRawUserInfo() != null) {
            throw refused("the webhook URL must not carry user information");
        }
        if (uri.getRawFragment() != null) {
            throw refused("the webhook URL must not have a fragment");
        }
        return url;
    }

    private static ApiProblem refused(String detail) {
        return ApiProblem.badRequest(INVALID, detail);
    }
}

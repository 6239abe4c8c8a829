package io.headshots.gateway.webhook;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import io.headshots.gateway.auth.CallerTenant;

/** The caller's webhook signing secret: read (created on first use) and rotated. */
@Path("/v1/webhooks/secret")
@Produces(MediaType.APPLICATION_JSON)
public class WebhookSecretResource {
    private final SigningSecrets secrets;
    private final CallerTenant caller;

    public WebhookSecretResource(SigningSecrets secrets, CallerTenant caller) {
        this.secrets = secrets;
        this.caller = caller;
    }

    /**
     * What the tenant verifies its webhooks with.
     *
     * @param previousValidUntil while set, webhooks carry a second signature made with the previous
     *        secret (rotated at {@code rotatedAt}); after it, only the current one signs
     */
    @Schema(name = "WebhookSecret")
    public record SecretResponse(
            @Schema(description = "whsec_ followed by the base64 of the key: what Standard Webhooks libraries take")
            String secret,
            @Schema(description = "When this secret was created") java.time.Instant createdAt,
            @Schema(description = "Until when webhooks are also signed with the previous secret") java.time.Instant previousValidUntil) {
    }

    @GET
    @Operation(operationId = "getWebhookSecret", summary = "The secret your webhooks are signed with",
            description = "Created on first use; the same on every gateway replica.")
    @APIResponse(responseCode = "200", description = "The secret", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SecretResponse.class)))
    public SecretResponse get() {
        return shown(secrets.of(caller.get().id()));
    }

    @POST
    @Path("/rotate")
    @Operation(operationId = "rotateWebhookSecret", summary = "Replace the webhook secret",
            description = "Webhooks are signed with the new secret from now on, and also with the previous one "
                    + "until previousValidUntil, so receivers can switch without losing a webhook.")
    @APIResponse(responseCode = "200", description = "The new secret", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SecretResponse.class)))
    public SecretResponse rotate() {
        return shown(secrets.rotate(caller.get().id()));
    }

    private static SecretResponse shown(SigningSecrets.Secrets s) {
        return new SecretResponse(s.current(), s.createdAt(), s.previousUntil());
    }
}

package io.headshots.gateway.rest;

import java.util.Map;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;
import org.eclipse.microprofile.openapi.models.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.models.security.SecurityScheme;

import io.quarkus.smallrye.openapi.OpenApiFilter;

/**
 * What the annotations cannot say once for the whole API: every {@code /v1} operation needs the
 * bearer key (so Swagger UI's "Authorize" and generated clients send it), and may answer 401, 429
 * or 503 and any other failure as a {@code Problem}. Runs once, at build time.
 */
@OpenApiFilter(OpenApiFilter.RunStage.BUILD)
public class ApiDocumentFilter implements OASFilter {
    /** The name of the security scheme in {@code components.securitySchemes}. */
    public static final String SCHEME = "apiKey";

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getComponents() == null) {
            openAPI.setComponents(OASFactory.createComponents());
        }
        openAPI.getComponents().addSecurityScheme(SCHEME, OASFactory.createSecurityScheme()
                .type(SecurityScheme.Type.HTTP)
                .scheme("bearer")
                .description("The tenant's API key: Authorization: Bearer <key>"));
        if (openAPI.getPaths() == null) {
            return;
        }
        SecurityRequirement bearer = OASFactory.createSecurityRequirement().addScheme(SCHEME);
        for (Map.Entry<String, PathItem> path : openAPI.getPaths().getPathItems().entrySet()) {
            if (!path.getKey().startsWith("/v1/")) {
                continue;
            }
            for (Operation operation : path.getValue().getOperations().values()) {
                operation.addSecurityRequirement(bearer);
                APIResponses responses = operation.getResponses();
                if (responses == null) {
                    responses = OASFactory.createAPIResponses();
                    operation.setResponses(responses);
                }
                addIfAbsent(responses, "401", "missing_api_key or invalid_api_key");
                addIfAbsent(responses, "429", "rate_limited, too_many_active_jobs or too_many_failed_authentications "
                        + "(with Retry-After)");
                addIfAbsent(responses, "503", "storage_unavailable or broker_unavailable (with Retry-After)");
                addIfAbsent(responses, "default", "Any other failure; a 500 internal_error carries an errorId");
            }
        }
    }

    private static void addIfAbsent(APIResponses responses, String code, String description) {
        if (responses.hasAPIResponse(code)) {
            return;
        }
        APIResponse problem = OASFactory.createAPIResponse()
                .description(description)
                .content(OASFactory.createContent().addMediaType(Problem.MEDIA_TYPE, OASFactory.createMediaType()
                        .schema(OASFactory.createSchema().ref("Problem"))));
        responses.addAPIResponse(code, problem);
    }
}

package io.headshots.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.headshots.gateway.rest.ApiDocumentFilter;
import io.headshots.gateway.support.LocalStackTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;

/**
 * The document at {@code /q/openapi}, read by an independent parser (swagger-parser, what Swagger's
 * own tools and the openapi-generator use): valid, every {@code /v1} operation behind the bearer
 * scheme, and the job, the list and the problem described, so generated clients get real types.
 */
@QuarkusTest
@WithTestResource(LocalStackTestResource.class)
class OpenApiDocumentTests {
    private SwaggerParseResult parsed;

    @BeforeEach
    void parseTheServedDocument() {
        String json = given().accept("application/json").get("/q/openapi?format=json").then().statusCode(200)
                .extract().asString();
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        parsed = new OpenAPIV3Parser().readContents(json, null, options);
    }

    @Test
    void documentIsValidOpenApi() {
        assertThat(parsed.getMessages()).as("parser messages").isEmpty();
        assertThat(parsed.getOpenAPI()).isNotNull();
        assertThat(parsed.getOpenAPI().getPaths()).containsKeys("/v1/upscales", "/v1/headshots", "/v1/jobs",
                "/v1/jobs/{id}", "/v1/jobs/{id}/outputs/{name}", "/v1/jobs/{id}/outputs.zip", "/v1/catalogue");
    }

    @Test
    void everyApiOperationNeedsTheBearerKey() {
        OpenAPI api = parsed.getOpenAPI();
        SecurityScheme scheme = api.getComponents().getSecuritySchemes().get(ApiDocumentFilter.SCHEME);
        assertThat(scheme.getType()).isEqualTo(SecurityScheme.Type.HTTP);
        assertThat(scheme.getScheme()).isEqualTo("bearer");
        assertThat(v1Operations(api)).isNotEmpty().allSatisfy(op -> {
            assertThat(op.getSecurity()).as(op.getOperationId()).isNotNull()
                    .anySatisfy(requirement -> assertThat(requirement).containsKey(ApiDocumentFilter.SCHEME));
            assertThat(op.getResponses()).as(op.getOperationId()).containsKeys("401", "default");
        });
    }

    @Test
    void everyApiOperationHasItsOwnOperationIdForGeneratedClients() {
        List<String> ids = v1Operations(parsed.getOpenAPI()).stream().map(Operation::getOperationId).toList();

        assertThat(ids).doesNotContainNull().doesNotHaveDuplicates().contains("createUpscale", "createHeadshots",
                "getJob", "listJobs", "cancelJob", "deleteJob", "deleteAllJobs", "downloadJobOutput",
                "downloadJobOutputs", "getCatalogue", "streamJobEvents");
    }

    @Test
    void jobListAndProblemHaveSchemas() {
        OpenAPI api = parsed.getOpenAPI();
        Map<String, Schema> schemas = api.getComponents().getSchemas();
        assertThat(schemas.get("JobResponse").getProperties()).containsKeys("id", "kind", "status", "progress",
                "outputs", "createdAt", "expiresAt");
        assertThat(schemas.get("Problem").getProperties()).containsKeys("type", "title", "status", "detail", "code",
                "errorId");
        assertThat(schemas.get("JobPage").getProperties()).containsKeys("jobs", "nextCursor");

        assertThat(ref(api.getPaths().get("/v1/jobs/{id}").getGet(), "200", "application/json"))
                .endsWith("/JobResponse");
        assertThat(ref(api.getPaths().get("/v1/jobs").getGet(), "200", "application/json")).endsWith("/JobPage");
        assertThat(ref(api.getPaths().get("/v1/upscales").getPost(), "202", "application/json"))
                .endsWith("/JobResponse");
        assertThat(ref(api.getPaths().get("/v1/jobs/{id}").getGet(), "404", "application/problem+json"))
                .endsWith("/Problem");
        assertThat(ref(api.getPaths().get("/v1/upscales").getPost(), "403", "application/problem+json"))
                .endsWith("/Problem");
    }

    @Test
    void uploadsAreDescribedAsMultipartFilesSoTryItOutCanSendThem() {
        OpenAPI api = parsed.getOpenAPI();
        Schema<?> upscale = api.getPaths().get("/v1/upscales").getPost().getRequestBody().getContent()
                .get("multipart/form-data").getSchema();
        Schema<?> headshots = api.getPaths().get("/v1/headshots").getPost().getRequestBody().getContent()
                .get("multipart/form-data").getSchema();

        assertThat(resolve(api, upscale).getProperties()).containsKeys("image", "scale", "width", "height", "model",
                "format");
        assertThat(resolve(api, (Schema<?>) resolve(api, upscale).getProperties().get("image")).getFormat())
                .isEqualTo("binary");
        assertThat(resolve(api, headshots).getProperties()).containsKeys("photo", "styles", "count");
    }

    @Test
    void bothSubmissionsTakeAWebhookAndTheJobAndTheSecretDescribeIt() {
        OpenAPI api = parsed.getOpenAPI();
        for (String path : List.of("/v1/upscales", "/v1/headshots")) {
            Schema<?> form = resolve(api, api.getPaths().get(path).getPost().getRequestBody().getContent()
                    .get("multipart/form-data").getSchema());
            Schema<?> webhook = resolve(api, (Schema<?>) form.getProperties().get("webhook"));
            assertThat(webhook.getFormat()).as(path).isEqualTo("uri");
            assertThat(webhook.getDescription()).as(path).contains("Standard Webhooks");
        }
        Schema<?> job = api.getComponents().getSchemas().get("JobResponse");
        assertThat(job.getProperties()).containsKey("webhook");
        assertThat(api.getComponents().getSchemas().get("JobWebhook").getProperties())
                .containsKeys("url", "status", "id", "attempts", "nextAttemptAt");
        assertThat(api.getPaths().get("/v1/webhooks/secret").getGet().getOperationId()).isEqualTo("getWebhookSecret");
        assertThat(api.getPaths().get("/v1/webhooks/secret/rotate").getPost().getOperationId())
                .isEqualTo("rotateWebhookSecret");
    }

    private static List<Operation> v1Operations(OpenAPI api) {
        List<Operation> operations = new ArrayList<>();
        api.getPaths().forEach((path, item) -> {
            if (path.startsWith("/v1/")) {
                operations.addAll(item.readOperations());
            }
        });
        return operations;
    }

    private static String ref(Operation operation, String status, String mediaType) {
        MediaType content = operation.getResponses().get(status).getContent().get(mediaType);
        return content.getSchema().get$ref();
    }

    private static Schema<?> resolve(OpenAPI api, Schema<?> schema) {
        if (schema.get$ref() == null) {
            return schema;
        }
        String name = schema.get$ref().substring(schema.get$ref().lastIndexOf('/') + 1);
        return api.getComponents().getSchemas().get(name);
    }
}

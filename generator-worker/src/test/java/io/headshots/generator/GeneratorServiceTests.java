package io.headshots.generator;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.headshots.localstack.LocalStack;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@QuarkusTestResource(GeneratorServiceTests.Stack.class)
class GeneratorServiceTests {
    public static class Stack implements QuarkusTestResourceLifecycleManager {
        @Override
        public Map<String, String> start() {
            return LocalStack.shared().serviceConfig();
        }

        @Override
        public void stop() {
        }
    }

    @Test
    void reportsReadyAgainstTheRealStack() {
        given().when().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void exportsPrometheusMetrics() {
        given().when().get("/q/metrics").then().statusCode(200).body(containsString("jvm_memory_used_bytes"));
    }
}

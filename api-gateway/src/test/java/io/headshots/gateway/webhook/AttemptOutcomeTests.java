package io.headshots.gateway.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which attempt outcomes are retried: 5xx, 408, 429, timeouts and connection failures; not 3xx or other 4xx. */
class AttemptOutcomeTests {

    @ParameterizedTest(name = "{0} is retried")
    @ValueSource(ints = {500, 502, 503, 504, 429, 408})
    void serverErrorsAndThrottlingAreRetried(int status) {
        WebhookSender.Result result = new WebhookSender.Result(status, null);
        assertThat(result.delivered()).isFalse();
        assertThat(result.retryable()).isTrue();
    }

    @ParameterizedTest(name = "{0} is final")
    @ValueSource(ints = {400, 401, 403, 404, 410, 422, 301, 302, 307, 308})
    void otherClientErrorsAndRedirectsAreFinal(int status) {
        WebhookSender.Result result = new WebhookSender.Result(status, null);
        assertThat(result.delivered()).isFalse();
        assertThat(result.retryable()).isFalse();
    }

    @ParameterizedTest(name = "{0} delivers")
    @ValueSource(ints = {200, 201, 202, 204, 299})
    void any2xxDelivers(int status) {
        assertThat(new WebhookSender.Result(status, null).delivered()).isTrue();
    }

    @ParameterizedTest(name = "{0} is retried")
    @ValueSource(strings = {"timeout", "connection_failed", "tls_failed"})
    void failuresWithoutAnAnswerAreRetried(String error) {
        assertThat(new WebhookSender.Result(null, error).retryable()).isTrue();
    }
}

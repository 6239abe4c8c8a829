package io.headshots.gateway.webhook;

import java.net.InetAddress;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;

/**
 * Makes one HTTP attempt, non-blocking on Vert.x: a POST to the address the {@link AddressGuard}
 * checked (the URL's host goes in the Host header and TLS SNI, but no second DNS lookup happens), no
 * redirect followed, a short connect and response timeout, and at most a few KB of the response body
 * read. The caller's thread is never held while the receiver takes its time.
 */
@ApplicationScoped
public class WebhookSender {
    private final HttpClient client;
    private final WebhookConfig config;

    public WebhookSender(Vertx vertx, WebhookConfig config) {
        this.config = config;
        this.client = vertx.createHttpClient(new HttpClientOptions()
                .setKeepAlive(false)
                .setConnectTimeout((int) config.connectTimeout().toMillis())
                .setMaxRedirects(0)
                .setVerifyHost(true)
                .setTryUseCompression(false));
    }

    @PreDestroy
    void close() {
        client.close();
    }

    /** What one attempt got: the receiver's status, or the class of error that prevented one. */
    public record Result(Integer status, String error) {
        public boolean delivered() {
            return status != null && status >= 200 && status < 300;
        }

        /** Worth another attempt: 5xx, 429, timeouts and connection failures; not other 4xx nor 3xx. */
        public boolean retryable() {
            if (status != null) {
                return status >= 500 || status == 429 || status == 408;
            }
            return true; // no answer: a timeout, a refused or reset connection, a failed TLS handshake
        }
    }

    /** Sends the body to the URL at the checked address; the stage never completes exceptionally. */
    public CompletionStage<Result> send(URI url, InetAddress address, String body, Map<String, String> headers) {
        boolean tls = "https".equalsIgnoreCase(url.getScheme());
        int port = url.getPort() > 0 ? url.getPort() : tls ? 443 : 80;
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        if (url.getRawQuery() != null) {
            path += "?" + url.getRawQuery();
        }
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setServer(SocketAddress.inetSocketAddress(port, address.getHostAddress()))
                .setHost(url.getHost())
                .setPort(port)
                .setSsl(tls)
                .setURI(path)
                .setFollowRedirects(false)
                .setConnectTimeout(config.connectTimeout().toMillis())
                .setIdleTimeout(config.responseTimeout().toMillis());
        options.putHeader("content-type", "application/json");
        options.putHeader("user-agent", "headshots-webhooks/1");
        headers.forEach(options::putHeader);
        CompletableFuture<Result> result = new CompletableFuture<>();
        client.request(options)
                .compose(request -> request.send(Buffer.buffer(body)))
                .onSuccess(response -> {
                    result.complete(new Result(response.statusCode(), null));
                    int[] read = {0};
                    response.handler(chunk -> {
                        read[0] += chunk.length();
                        if (read[0] > config.maxResponseBytes()) {
                            response.request().connection().close(); // enough: the body is never used
                        }
                    });
                    response.exceptionHandler(e -> { });
                })
                .onFailure(e -> result.complete(new Result(null, errorClass(e))));
        long limit = config.connectTimeout().plus(config.responseTimeout()).toMillis() + 1000;
        return result.completeOnTimeout(new Result(null, "timeout"), limit, TimeUnit.MILLISECONDS);
    }

    private static String errorClass(Throwable e) {
        String name = e.getClass().getSimpleName();
        String message = String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT);
        if (e instanceof TimeoutException || name.contains("Timeout") || message.contains("timeout")
                || message.contains("timed out")) {
            return "timeout";
        }
        if (name.contains("SSL") || name.contains("Ssl") || message.contains("ssl") || message.contains("certificate")) {
            return "tls_failed";
        }
        return "connection_failed";
    }
}

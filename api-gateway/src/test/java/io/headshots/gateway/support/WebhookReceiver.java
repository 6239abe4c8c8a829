package io.headshots.gateway.support;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

/**
 * A webhook receiver on loopback for tests: each path answers with the statuses queued for it (the
 * last one repeats; 204 when none), optionally after a pause, and records every request.
 */
public final class WebhookReceiver implements AutoCloseable {
    /** One request as received: headers with lower-case names, as Standard Webhooks verification takes them. */
    public record Received(String path, Map<String, List<String>> headers, String body) {
        public String header(String name) {
            List<String> values = headers.get(name);
            return values == null || values.isEmpty() ? null : values.get(0);
        }
    }

    /** What a path answers. */
    public interface Answer {
        /** The status for this request; may block (a slow receiver). */
        int status(HttpExchange exchange) throws Exception;
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final Queue<Received> received = new ConcurrentLinkedQueue<>();
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();

    public WebhookReceiver() throws IOException {
        this(HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0));
    }

    private WebhookReceiver(HttpServer server) {
        this.server = server;
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
    }

    /**
     * A receiver on https with the key and certificate of a PKCS12 test resource (password
     * {@code changeit}); see {@code src/test/resources/webhook-tls/README.md} for what each holds.
     */
    public static WebhookReceiver https(String keyStoreResource) throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = WebhookReceiver.class.getClassLoader().getResourceAsStream(keyStoreResource)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + keyStoreResource);
            }
            keys.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, "changeit".toCharArray());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), null, null);
        HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        return new WebhookReceiver(server);
    }

    /** The URL of a path on this receiver, as {@code http://127.0.0.1:port/path} (or https). */
    public String url(String path) {
        return url("127.0.0.1", path);
    }

    /** The URL with this host name (which must resolve to loopback), e.g. {@code localhost}. */
    public String url(String host, String path) {
        String scheme = server instanceof HttpsServer ? "https" : "http";
        return scheme + "://" + host + ":" + server.getAddress().getPort() + path;
    }

    /** Answers the path with these statuses in turn; the last one repeats. */
    public void answer(String path, int... statuses) {
        Queue<Integer> queue = new ConcurrentLinkedQueue<>();
        for (int s : statuses) {
            queue.add(s);
        }
        int last = statuses[statuses.length - 1];
        answers.put(path, exchange -> queue.size() > 1 ? queue.poll() : last);
    }

    public void answer(String path, Answer answer) {
        answers.put(path, answer);
    }

    public List<Received> at(String path) {
        return received.stream().filter(r -> r.path().equals(path)).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange; InputStream in = exchange.getRequestBody()) {
            String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            Map<String, List<String>> headers = new TreeMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), List.copyOf(v)));
            String path = exchange.getRequestURI().getPath();
            received.add(new Received(path, headers, body));
            int status;
            try {
                status = answers.getOrDefault(path, e -> 204).status(exchange);
            } catch (Exception e) {
                status = 500;
            }
            exchange.sendResponseHeaders(status, -1);
        } catch (IOException e) {
            // the gateway hung up (its timeout): nothing to answer
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }

    /** Unmodifiable snapshot of every request so far. */
    public List<Received> all() {
        return new CopyOnWriteArrayList<>(received);
    }
}

package io.headshots.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.headshots.contracts.StorageKeys;

import io.headshots.systemtests.support.GatewayClient;
import io.headshots.systemtests.support.Images;
import io.headshots.systemtests.support.Multipart;
import io.headshots.systemtests.support.ServiceProcess;
import io.headshots.systemtests.support.TestSystem;

/**
 * A rolling update stops the gateway while a client is still sending an upload. The upload, in
 * chunks over a few seconds, is in flight when SIGTERM arrives: it is received in full, answered
 * with 202, and its job is queued and finishes; the gateway exits only once it has answered.
 * A client that connects while the gateway drains is answered in full too, with
 * {@code Connection: close}, so its next request opens a connection that the load balancer sends to
 * another replica (in Kubernetes none arrives: the preStop took the pod out of the endpoints first).
 */
class GatewayUploadDrainIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** How the upload's body is cut: this many pieces, one every {@link #PAUSE}, past the 1 s shutdown delay. */
    private static final int PIECES = 10;
    private static final Duration PAUSE = Duration.ofMillis(400);

    private static TestSystem system;
    private static ServiceProcess worker;

    @BeforeAll
    static void startWorker() {
        system = TestSystem.get();
        system.gateway();
        worker = system.newWorker(Map.of()).start().awaitReady(TestSystem.START_TIMEOUT);
    }

    @AfterAll
    static void stopWorker() {
        worker.kill();
    }

    @Test
    void anUploadInFlightWhenTheGatewayGetsSigtermIsAcceptedAndItsJobFinishes() throws Exception {
        ServiceProcess gateway = system.gateway();
        URI url = URI.create(gateway.url());
        Multipart form = Multipart.image(Images.png(64, 48)).fields("model", TestSystem.MODEL, "scale", "2");
        byte[] body = form.bytes();
        int piece = (body.length + PIECES - 1) / PIECES;
        long logFrom = gateway.logLength();

        HttpAnswer accepted;
        HttpAnswer duringDrain;
        CompletableFuture<Duration> stopped;
        try (Socket upload = new Socket(url.getHost(), url.getPort())) {
            upload.setSoTimeout(60_000);
            OutputStream out = upload.getOutputStream();
            out.write(ascii("POST /v1/upscales HTTP/1.1\r\nHost: " + url.getAuthority() + "\r\nAuthorization: Bearer "
                    + GatewayClient.KEY + "\r\nContent-Type: " + form.contentType() + "\r\nContent-Length: "
                    + body.length + "\r\nConnection: close\r\n\r\n"));
            out.write(body, 0, piece);
            out.flush();
            Thread.sleep(PAUSE.toMillis()); // the gateway has the request: its headers and a first piece

            stopped = CompletableFuture.supplyAsync(() -> gateway.terminate(Duration.ofSeconds(40)));
            duringDrain = null;
            for (int i = 1; i < PIECES; i++) {
                Thread.sleep(PAUSE.toMillis());
                int from = i * piece;
                out.write(body, from, Math.max(0, Math.min(piece, body.length - from)));
                out.flush();
                if (i == PIECES / 2) {
                    // ~2 s after SIGTERM: past the shutdown delay, the HTTP server is draining.
                    assertThat(stopped).as("the gateway waits for the upload").isNotDone();
                    duringDrain = HttpAnswer.get(url, "/v1/jobs");
                }
            }
            accepted = HttpAnswer.read(upload.getInputStream());
        }

        assertThat(accepted.status()).as("the upload's answer: %s", accepted).isEqualTo(202);
        String id = JSON.readTree(accepted.body()).get("id").asText();
        assertThat(duringDrain.status()).as("a request that arrived while draining: %s", duringDrain).isEqualTo(200);
        assertThat(duringDrain.header("connection")).isEqualToIgnoringCase("close");

        stopped.get(60, TimeUnit.SECONDS);
        // 143: the JVM's own exit on SIGTERM once its shutdown (Quarkus' drain) is done; not 137, a kill.
        assertThat(gateway.lastExitCode()).as("exit status after SIGTERM").isEqualTo(143);
        String stop = gateway.logSince(logFrom);
        assertThat(stop).as("the gateway's log of its stop")
                .containsSubsequence("Waiting for HTTP requests to complete", "job queued", "All HTTP requests complete");
        assertThat(system.jobs().objects().exists(StorageKeys.queuedMarker(id))).as("queued marker of %s", id).isTrue();

        gateway.start().awaitReady(TestSystem.START_TIMEOUT);
        JsonNode done = system.client().awaitTerminal(id, Duration.ofSeconds(150));
        assertThat(done.get("status").asText()).isEqualTo("succeeded");
        assertThat(done.at("/outputs/0/width").asInt()).isEqualTo(128);
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /** An HTTP/1.1 answer read off a socket: status, head (lower-case names) and body. */
    private record HttpAnswer(int status, String head, byte[] body) {
        /** A GET on a new connection. */
        static HttpAnswer get(URI url, String path) throws IOException {
            try (Socket socket = new Socket(url.getHost(), url.getPort())) {
                socket.setSoTimeout(30_000);
                socket.getOutputStream().write(ascii("GET " + path + " HTTP/1.1\r\nHost: " + url.getAuthority()
                        + "\r\nAuthorization: Bearer " + GatewayClient.KEY + "\r\nConnection: close\r\n\r\n"));
                socket.getOutputStream().flush();
                return read(socket.getInputStream());
            }
        }

        /** Reads to the end of the stream: the requests ask for {@code Connection: close}. */
        static HttpAnswer read(InputStream in) throws IOException {
            byte[] all = in.readAllBytes();
            String text = new String(all, StandardCharsets.ISO_8859_1);
            int end = text.indexOf("\r\n\r\n");
            if (end < 0) {
                throw new AssertionError("no complete HTTP answer: " + text);
            }
            String head = text.substring(0, end).toLowerCase(Locale.ROOT);
            int status = Integer.parseInt(head.split(" ", 3)[1]);
            byte[] body = Arrays.copyOfRange(all, end + 4, all.length);
            return new HttpAnswer(status, head, head.contains("transfer-encoding: chunked") ? dechunk(body) : body);
        }

        private static byte[] dechunk(byte[] chunked) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int at = 0;
            while (true) {
                int lineEnd = indexOfCrlf(chunked, at);
                int size = Integer.parseInt(new String(chunked, at, lineEnd - at, StandardCharsets.US_ASCII)
                        .split(";")[0].trim(), 16);
                if (size == 0) {
                    return out.toByteArray();
                }
                out.write(chunked, lineEnd + 2, size);
                at = lineEnd + 2 + size + 2;
            }
        }

        private static int indexOfCrlf(byte[] bytes, int from) {
            for (int i = from; i + 1 < bytes.length; i++) {
                if (bytes[i] == '\r' && bytes[i + 1] == '\n') {
                    return i;
                }
            }
            throw new AssertionError("a chunked body cut short");
        }

        String header(String name) {
            return head.lines().filter(l -> l.startsWith(name + ":")).map(l -> l.substring(name.length() + 1).trim())
                    .findFirst().orElse(null);
        }

        @Override
        public String toString() {
            return head + "\n\n" + new String(body, StandardCharsets.UTF_8);
        }
    }
}

package io.headshots.platform.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

import io.minio.MinioClient;
import io.minio.S3Base;
import okhttp3.Call;
import okhttp3.CertificatePinner;
import okhttp3.Connection;
import okhttp3.EventListener;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * MinIO derives a client for every streamed PUT ({@code newBuilder().retryOnConnectionFailure(false)
 * .build()}). Building one compares its certificate pinner's chain cleaner with its own: cheap when
 * they are the same object, a walk over the whole trust store when they are equal but distinct.
 * And its sockets must have Nagle's algorithm off, or a PUT of 8-20 KB waits 40 ms for a delayed ACK,
 * and its pool must keep the connections of as many requests as run at once.
 */
class ObjectStoreHttpClientTests {
    @Test
    void theStoresClientAndEveryClientDerivedForAPutShareOneChainCleaner() throws Exception {
        OkHttpClient client = minioHttpClient(ObjectStore.connect(config()));

        assertThat(pinnerCleaner(client)).isSameAs(client.certificateChainCleaner());
        OkHttpClient derived = client.newBuilder().retryOnConnectionFailure(false).build();
        assertThat(derived.certificateChainCleaner()).isSameAs(client.certificateChainCleaner());
        assertThat(pinnerCleaner(derived)).isSameAs(derived.certificateChainCleaner());
        assertThat(derived.connectionPool()).isSameAs(client.connectionPool());
        assertThat(derived.readTimeoutMillis()).isEqualTo((int) TimeUnit.MINUTES.toMillis(5));
        assertThat(derived.dispatcher().getMaxRequestsPerHost()).isEqualTo(ObjectStore.MAX_REQUESTS);
    }

    @Test
    void aPutThroughTheStoresClientGoesOverAConnectionWithNagleOff() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
        try {
            List<Boolean> noDelay = new CopyOnWriteArrayList<>();
            // As MinIO uses it for a streamed PUT: a client derived from the store's.
            OkHttpClient derived = minioHttpClient(ObjectStore.connect(config())).newBuilder()
                    .retryOnConnectionFailure(false)
                    .eventListener(new EventListener() {
                        @Override
                        public void connectionAcquired(Call call, Connection connection) {
                            try {
                                noDelay.add(connection.socket().getTcpNoDelay());
                            } catch (SocketException e) {
                                throw new IllegalStateException(e);
                            }
                        }
                    }).build();
            // 12 KB: OkHttp writes it in two writes, the size that waited for a delayed ACK.
            Request put = new Request.Builder()
                    .url("http://127.0.0.1:" + server.getAddress().getPort() + "/bucket/key")
                    .put(RequestBody.create(new byte[12_000], MediaType.get("application/json"))).build();
            try (Response response = derived.newCall(put).execute()) {
                assertThat(response.code()).isEqualTo(200);
            }
            assertThat(noDelay).containsExactly(true);
        } finally {
            server.stop(0);
        }
    }

    @Test
    void connectionsOfMoreThanFiveRequestsAtOnceAreKeptForTheNextOnes() throws Exception {
        int atOnce = 12;
        // Each request is answered only once all of its round have arrived: 12 connections at once.
        CyclicBarrier allArrived = new CyclicBarrier(atOnce);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        ExecutorService handlers = Executors.newFixedThreadPool(atOnce);
        server.setExecutor(handlers);
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            try {
                allArrived.await(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
        ExecutorService callers = Executors.newFixedThreadPool(atOnce);
        try {
            AtomicInteger opened = new AtomicInteger();
            OkHttpClient derived = minioHttpClient(ObjectStore.connect(config())).newBuilder()
                    .retryOnConnectionFailure(false)
                    .eventListener(new EventListener() {
                        @Override
                        public void connectStart(Call call, InetSocketAddress address, Proxy proxy) {
                            opened.incrementAndGet();
                        }
                    }).build();
            Request put = new Request.Builder()
                    .url("http://127.0.0.1:" + server.getAddress().getPort() + "/bucket/key")
                    .put(RequestBody.create(new byte[100], MediaType.get("application/json"))).build();
            for (int round = 0; round < 2; round++) {
                List<Future<Integer>> codes = new ArrayList<>();
                for (int i = 0; i < atOnce; i++) {
                    codes.add(callers.submit(() -> {
                        try (Response response = derived.newCall(put).execute()) {
                            return response.code();
                        }
                    }));
                }
                for (Future<Integer> code : codes) {
                    assertThat(code.get(20, TimeUnit.SECONDS)).isEqualTo(200);
                }
            }
            // OkHttp's default pool keeps 5 idle connections: the second round opened 7 more.
            assertThat(opened.get()).isEqualTo(atOnce);
        } finally {
            callers.shutdownNow();
            server.stop(0);
            handlers.shutdownNow();
        }
    }

    @Test
    void aCommonPoolOfFewerThanTwoThreadsIsWarnedAboutWithTheSettingThatFixesIt() {
        assertThat(ObjectStore.asyncPoolWarning(1)).get(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                .contains("parallelism 1").contains("-D" + ObjectStore.COMMON_POOL_PARALLELISM + "=4");
        assertThat(ObjectStore.asyncPoolWarning(0)).isPresent();
        assertThat(ObjectStore.asyncPoolWarning(2)).isEmpty();
        assertThat(ObjectStore.asyncPoolWarning(4)).isEmpty();
    }

    private static OkHttpClient minioHttpClient(ObjectStore store) throws Exception {
        MinioClient minio = (MinioClient) field(ObjectStore.class, "client").get(store);
        Object async = field(MinioClient.class, "asyncClient").get(minio);
        return (OkHttpClient) field(S3Base.class, "httpClient").get(async);
    }

    private static Object pinnerCleaner(OkHttpClient client) throws Exception {
        return field(CertificatePinner.class, "certificateChainCleaner").get(client.certificatePinner());
    }

    private static Field field(Class<?> type, String name) throws NoSuchFieldException {
        Field f = type.getDeclaredField(name);
        f.setAccessible(true);
        return f;
    }

    private static S3Config config() {
        return new S3Config() {
            @Override
            public String endpoint() {
                return "http://127.0.0.1:9";
            }

            @Override
            public String region() {
                return "us-east-1";
            }

            @Override
            public String accessKey() {
                return "access";
            }

            @Override
            public String secretKey() {
                return "secret";
            }

            @Override
            public String bucket() {
                return "bucket";
            }

            @Override
            public boolean createBucket() {
                return false;
            }
        };
    }
}

package io.headshots.gateway.support;

import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Produces;

import io.headshots.platform.storage.ObjectStore;
import io.headshots.platform.storage.S3Config;
import io.minio.MinioClient;
import okhttp3.OkHttpClient;

/**
 * Every HTTP request the gateway under test sends to S3, as "METHOD path?query", recorded by the S3
 * client's own HTTP layer: what a test reads here is what really went over the wire.
 */
@ApplicationScoped
public class S3Requests {
    private static final ConcurrentLinkedQueue<String> SENT = new ConcurrentLinkedQueue<>();

    /** Requests sent so far. */
    public static List<String> sent() {
        return List.copyOf(SENT);
    }

    /** Requests sent after the first {@code from} of {@link #sent()}. */
    public static List<String> since(int from) {
        List<String> all = sent();
        return all.subList(Math.min(from, all.size()), all.size());
    }

    @Produces
    @Alternative
    @Priority(1)
    @ApplicationScoped
    ObjectStore countingObjectStore(S3Config config) {
        OkHttpClient http = new OkHttpClient.Builder()
                .addInterceptor(chain -> {
                    var url = chain.request().url();
                    SENT.add(chain.request().method() + " " + url.encodedPath()
                            + (url.encodedQuery() == null ? "" : "?" + url.encodedQuery()));
                    return chain.proceed(chain.request());
                })
                .build();
        MinioClient client = MinioClient.builder()
                .endpoint(config.endpoint())
                .region(config.region())
                .credentials(config.accessKey(), config.secretKey())
                .httpClient(http)
                .build();
        ObjectStore store = new ObjectStore(client, config.bucket());
        store.ensureBucket();
        return store;
    }
}

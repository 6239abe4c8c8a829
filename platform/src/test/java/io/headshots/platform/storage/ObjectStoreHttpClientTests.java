package io.headshots.platform.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.minio.MinioClient;
import io.minio.S3Base;
import okhttp3.CertificatePinner;
import okhttp3.OkHttpClient;

/**
 * MinIO derives a client for every streamed PUT ({@code newBuilder().retryOnConnectionFailure(false)
 * .build()}). Building one compares its certificate pinner's chain cleaner with its own: cheap when
 * they are the same object, a walk over the whole trust store when they are equal but distinct.
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

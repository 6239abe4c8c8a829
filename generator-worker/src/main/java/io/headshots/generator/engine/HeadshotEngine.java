package io.headshots.generator.engine;

/**
 * Makes identity-preserving headshots from one photo. Implementations load their models once and are
 * safe to call from several threads. Chosen by {@code generator.engine}; the default is the
 * compositing engine (CPU, real models), and a diffusion engine for GPU nodes plugs in here.
 */
public interface HeadshotEngine extends AutoCloseable {

    /** The name {@code generator.engine} selects it by. */
    String name();

    /**
     * @param photo the uploaded photo, encoded (JPEG, PNG, WebP); EXIF orientation is honoured
     * @throws GenerationFailure with a stable code when no acceptable headshot can be made
     */
    Headshot generate(byte[] photo, HeadshotRequest request, GenerationListener listener);

    @Override
    void close();
}

package io.headshots.generator.engine;

import java.awt.image.BufferedImage;

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

    /**
     * The identity check of {@link #generate} on an image made from {@code photo} elsewhere (a premium
     * headshot after its upscale), with this engine's face models and its own rule, so that the score
     * after the upscale means what the score at generation meant.
     *
     * @param output the decoded image; its largest face is compared with the photo's
     * @throws IdentityMismatch when the output's face is not the photo's person, with the score
     * @throws GenerationFailure when the photo itself is refused (no face, undecodable, ...)
     */
    IdentityScore checkIdentity(byte[] photo, BufferedImage output);

    @Override
    void close();
}

package io.headshots.generator.engine;

/**
 * How alike the face in the photo and the face in the headshot are, by their 128-d dlib descriptors.
 *
 * @param cosine   cosine similarity, 1 for identical descriptors
 * @param distance euclidean distance; dlib calls two faces the same person under 0.6
 */
public record IdentityScore(double cosine, double distance) {
}

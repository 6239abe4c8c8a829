package io.headshots.generator.engine;

import java.awt.image.BufferedImage;
import java.util.List;

/**
 * A delivered headshot: the image, how well it kept the person's identity, and notes worth recording
 * (e.g. that the largest of several faces was used).
 */
public record Headshot(BufferedImage image, IdentityScore identity, List<String> notes) {
    public Headshot {
        notes = List.copyOf(notes);
    }
}

package io.headshots.gateway.validation;

import java.util.List;

/**
 * A checked headshot request: the photo and the outputs to make, in order.
 *
 * @param outputs one per headshot; names are {@code <style>-<n>}, n counting from 1 within the style
 */
public record HeadshotRequest(ImageHeader photo, List<Output> outputs) {

    /** One headshot to generate. {@code variant} (0-based) tells the style's outputs apart. */
    public record Output(String name, String style, int variant) {
    }
}

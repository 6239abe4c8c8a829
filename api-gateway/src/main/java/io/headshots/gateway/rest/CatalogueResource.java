package io.headshots.gateway.rest;

import java.util.List;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.headshots.contracts.Styles;
import io.headshots.contracts.UpscaleModels;
import io.headshots.gateway.config.GatewayConfig;

/**
 * What a client may ask for, straight from the contracts' catalogues, so that no client list drifts.
 * Each style is described as the generator engine the fleet runs renders it
 * ({@code gateway.catalogue.engine}): the default engine keeps the person's photo, the diffusion engine
 * synthesises clothing and scene, and a customer must be promised what they will get.
 */
@Path("/v1/catalogue")
public class CatalogueResource {

    public record Catalogue(List<Model> models, List<Style> styles) {
    }

    public record Model(String name, int scale, @JsonProperty("default") boolean isDefault, String description) {
    }

    public record Style(String name, String description) {
    }

    private final Catalogue catalogue;

    public CatalogueResource(GatewayConfig config) {
        this.catalogue = of(config.catalogue().engine());
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "getCatalogue", summary = "The upscale models and headshot styles on offer")
    public Catalogue catalogue() {
        return catalogue;
    }

    /** The catalogue with each style described as {@code engine} renders it. */
    static Catalogue of(String engine) {
        return new Catalogue(
                UpscaleModels.all().stream().map(m -> new Model(m.name(), m.scale(), m.isDefault(), m.description()))
                        .toList(),
                Styles.all().stream().map(s -> new Style(s.name(), s.description(engine))).toList());
    }
}

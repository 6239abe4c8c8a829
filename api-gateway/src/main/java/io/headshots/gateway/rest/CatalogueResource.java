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

/** What a client may ask for, straight from the contracts' catalogues, so that no client list drifts. */
@Path("/v1/catalogue")
public class CatalogueResource {

    public record Catalogue(List<Model> models, List<Style> styles) {
    }

    public record Model(String name, int scale, @JsonProperty("default") boolean isDefault, String description) {
    }

    public record Style(String name, String description) {
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "getCatalogue", summary = "The upscale models and headshot styles on offer")
    public Catalogue catalogue() {
        return new Catalogue(
                UpscaleModels.all().stream().map(m -> new Model(m.name(), m.scale(), m.isDefault(), m.description()))
                        .toList(),
                Styles.all().stream().map(s -> new Style(s.name(), s.description())).toList());
    }
}

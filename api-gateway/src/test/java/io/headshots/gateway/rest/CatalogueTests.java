package io.headshots.gateway.rest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.headshots.contracts.Styles;

/** The catalogue describes each style as the configured generator engine renders it. */
class CatalogueTests {

    @Test
    void withTheDefaultEngineEachStyleIsDescribedAsTheCompositingEngineRendersIt() {
        CatalogueResource.Catalogue catalogue = CatalogueResource.of("default");

        assertThat(catalogue.styles()).hasSize(Styles.all().size()).allSatisfy(style -> assertThat(style.description())
                .isEqualTo(Styles.byName(style.name()).orElseThrow().description()).startsWith("Your photo"));
    }

    @Test
    void withTheDiffusionEngineEachStyleIsDescribedAsTheDiffusionEngineRendersIt() {
        CatalogueResource.Catalogue catalogue = CatalogueResource.of("diffusion");

        assertThat(catalogue.styles()).hasSize(Styles.all().size()).allSatisfy(style -> assertThat(style.description())
                .isEqualTo(Styles.byName(style.name()).orElseThrow().description("diffusion"))
                .startsWith("Generated anew from your face"));
        assertThat(catalogue.styles()).filteredOn(s -> s.name().equals("corporate")).singleElement()
                .satisfies(corporate -> assertThat(corporate.description()).contains("navy suit"));
    }
}

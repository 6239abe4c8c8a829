package io.headshots.systemtests.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One HTTP/1.1 keep-alive connection of a load generator: it sends one prepared request again and
 * again and reads each answer whole (status, headers, a body by length or in chunks). The JDK's
 * {@code HttpClient} spent about 2 ms of CPU per submission (its selector thread, futures, the timer
 * of a request timeout), a quarter of the 2 shared cores while the gateway was measured: CPU taken
 * from the service under test by its load generator, as it would not be by real clients on other
 * machines. This one spends next to none. Plain HTTP only; one request at a time.
 */
final class KeepAliveConnection implements Closeable {
    private final InetSocketAddress address;
    private final byte[] request;
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    /** A connection that sends {@code POST path} with the given headers and body to {@code base}. */
    KeepAliveConnection(URI base, String path, String contentType, String authorization, byte[] body) {
        this.address = new InetSocketAddress(base.getHost(), base.getPort());
        String head = "POST " + path + " HTTP/1.1\r\nHost: " + base.getHost() + ":" + base.getPort() + "\r\n"
                + "Authorization: " + authorization + "\r\nContent-Type: " + contentType + "\r\n"
                + "Content-Length: " + body.length + "\r\nAccept: application/json\r\n\r\n";
        byte[] headBytes = head.getBytes(StandardCharsets.ISO_8859_1);
        this.request = new byte[headBytes.length + body.length];
        System.arraycopy(headBytes, 0, request, 0, headBytes.length);
        System.arraycopy(body, 0, request, headBytes.length, body.length);
    }

    /** Sends the request and returns the answer; reconnects when the server closed the connection. */
    Answer send() throws IOException {
        if (socket == null) {
            connect();
        }
        out.write(request);
        out.flush();
        Answer answer = read();
        if (answer.closes) {
            close();
        }
        return answer;
    }

    private void connect() throws IOException {
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(60_000);
        socket.connect(address, 10_000);
        in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
        out = socket.getOutputStream();
    }

    private Answer read() throws IOException {
        String status = line();
        String[] parts = status.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
            throw new IOException("not an HTTP answer: " + status);
        }
        int code = Integer.parseInt(parts[1]);
        long length = -1;
        boolean chunked = false;
        boolean closes = parts[0].equals("HTTP/1.0");
        for (String header = line(); !header.isEmpty(); header = line()) {
            int colon = header.indexOf(':');
            String name = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = header.substring(colon + 1).trim();
            switch (name) {
                case "content-length" -> length = Long.parseLong(value);
                case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                case "connection" -> closes = value.equalsIgnoreCase("close");
                default -> { }
            }
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if (chunked) {
            for (long size = Long.parseLong(line().split(";")[0].trim(), 16); size > 0;
                    size = Long.parseLong(line().split(";")[0].trim(), 16)) {
                copy(size, body);
                line(); // the CRLF after each chunk
            }
            while (!line().isEmpty()) {
                // trailers
            }
        } else if (length >= 0) {
            copy(length, body);
        } else {
            throw new IOException("an answer with neither a length nor chunks");
        }
        return new Answer(code, body.toString(StandardCharsets.UTF_8), closes);
    }

    private void copy(long size, ByteArrayOutputStream to) throws IOException {
        byte[] bytes = in.readNBytes((int) size);
        if (bytes.length < size) {
            throw new EOFException("the answer ended early");
        }
        to.writeBytes(bytes);
    }

    private String line() throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new EOFException("the connection closed mid-answer");
            }
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }

    @Override
    public void close() throws IOException {
        if (socket != null) {
            socket.close();
            socket = null;
        }
    }

    /** An answer: its status, its body as text, and whether the server closes the connection after it. */
    record Answer(int status, String body, boolean closes) {
    }
}

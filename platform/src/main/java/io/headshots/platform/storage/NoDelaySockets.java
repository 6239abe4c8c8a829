package io.headshots.platform.storage;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;

import javax.net.SocketFactory;

/**
 * Plain sockets with Nagle's algorithm off ({@code TCP_NODELAY}), for the S3 client. OkHttp leaves
 * Nagle on, and it writes a request whose body does not fit its first write in two writes: the
 * second waits for the server to acknowledge the first, and the server's delayed ACK holds that for
 * 40 ms, since the request is not complete yet. So every S3 PUT of about 8 to 20 KB (a premium job's
 * {@code job.json}, a small photo) took ~50 ms instead of ~6 on loopback (measured with MinIO's client
 * against S3Proxy, sizes 500 B to 70 KB: only that band stalled). Kafka's clients, Vert.x and the
 * JDK's HTTP client set the option themselves.
 */
final class NoDelaySockets extends SocketFactory {
    private final SocketFactory plain = SocketFactory.getDefault();

    @Override
    public Socket createSocket() throws IOException {
        return noDelay(plain.createSocket());
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return noDelay(plain.createSocket(host, port));
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return noDelay(plain.createSocket(host, port, localHost, localPort));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return noDelay(plain.createSocket(host, port));
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
            throws IOException {
        return noDelay(plain.createSocket(address, port, localAddress, localPort));
    }

    private static Socket noDelay(Socket socket) throws SocketException {
        socket.setTcpNoDelay(true);
        return socket;
    }
}

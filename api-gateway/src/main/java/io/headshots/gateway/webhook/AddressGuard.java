package io.headshots.gateway.webhook;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * The SSRF guard: which addresses a webhook may reach. Only public unicast addresses: never
 * loopback (unless the local stack allows it), private (10/8, 172.16/12, 192.168/16), shared
 * (100.64/10, CGNAT), link-local (169.254/16 with the cloud metadata address, fe80::/10),
 * unique-local (fc00::/7), multicast, unspecified, broadcast, nor IPv4-mapped, IPv4-compatible,
 * NAT64 or 6to4 IPv6 forms of those. The caller connects to the very address that passed, so a DNS
 * answer that changes between the check and the connection (rebinding) cannot move it elsewhere.
 */
public final class AddressGuard {
    private final boolean allowLoopback;

    public AddressGuard(boolean allowLoopback) {
        this.allowLoopback = allowLoopback;
    }

    /**
     * The address to connect to for the host: its first address, when every address the name
     * resolves to is allowed (a name that mixes public and private addresses is refused whole).
     *
     * @throws Refused when the host does not resolve or an address is not allowed
     */
    public InetAddress resolve(String host) throws Refused {
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            throw new Refused("unresolvable_host");
        }
        for (InetAddress address : addresses) {
            Optional<String> refusal = refusal(address);
            if (refusal.isPresent()) {
                throw new Refused(refusal.get());
            }
        }
        return addresses[0];
    }

    /** Why the address may not be reached (an error class such as {@code private_address}); empty when it may. */
    public Optional<String> refusal(InetAddress address) {
        if (address instanceof Inet6Address v6) {
            byte[] b = v6.getAddress();
            Optional<byte[]> embedded = embeddedIpv4(b);
            if (embedded.isPresent()) {
                return refusalV4(embedded.get());
            }
            if (v6.isLoopbackAddress()) {
                return allowLoopback ? Optional.empty() : Optional.of("loopback_address");
            }
            if (v6.isAnyLocalAddress()) {
                return Optional.of("unspecified_address");
            }
            if (v6.isMulticastAddress()) {
                return Optional.of("multicast_address");
            }
            if ((b[0] & 0xff) == 0xfe && (b[1] & 0xc0) == 0x80) {
                return Optional.of("link_local_address"); // fe80::/10
            }
            if ((b[0] & 0xff) == 0xfe && (b[1] & 0xc0) == 0xc0) {
                return Optional.of("private_address"); // fec0::/10, deprecated site-local
            }
            if ((b[0] & 0xfe) == 0xfc) {
                return Optional.of("private_address"); // fc00::/7 unique-local
            }
            if ((b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x01 && (b[2] & 0xff) == 0x0d && (b[3] & 0xff) == 0xb8) {
                return Optional.of("reserved_address"); // 2001:db8::/32 documentation
            }
            return Optional.empty();
        }
        if (address instanceof Inet4Address) {
            return refusalV4(address.getAddress());
        }
        return Optional.of("unknown_address");
    }

    private Optional<String> refusalV4(byte[] a) {
        int b0 = a[0] & 0xff;
        int b1 = a[1] & 0xff;
        if (b0 == 127) {
            return allowLoopback ? Optional.empty() : Optional.of("loopback_address");
        }
        if (b0 == 0) {
            return Optional.of("unspecified_address"); // 0.0.0.0/8, "this network"
        }
        if (b0 == 10 || b0 == 172 && (b1 & 0xf0) == 16 || b0 == 192 && b1 == 168) {
            return Optional.of("private_address");
        }
        if (b0 == 100 && (b1 & 0xc0) == 64) {
            return Optional.of("private_address"); // 100.64/10, carrier-grade NAT
        }
        if (b0 == 169 && b1 == 254) {
            return Optional.of("link_local_address"); // includes 169.254.169.254, the metadata service
        }
        if (b0 == 192 && b1 == 0 && (a[2] & 0xff) == 0) {
            return Optional.of("reserved_address"); // 192.0.0/24, protocol assignments
        }
        if (b0 == 198 && (b1 & 0xfe) == 18) {
            return Optional.of("reserved_address"); // 198.18/15, benchmarking
        }
        if (b0 >= 224 && b0 <= 239) {
            return Optional.of("multicast_address");
        }
        if (b0 >= 240) {
            return Optional.of("reserved_address"); // 240/4 and the broadcast address
        }
        return Optional.empty();
    }

    /**
     * The IPv4 address an IPv6 address stands for: IPv4-mapped ::ffff:a.b.c.d, IPv4-compatible
     * ::a.b.c.d, NAT64 64:ff9b::a.b.c.d, 6to4 2002:a.b.c.d::. The JDK turns a mapped literal into an
     * Inet4Address itself, but not the others.
     */
    private static Optional<byte[]> embeddedIpv4(byte[] b) {
        boolean zeroPrefix = true;
        for (int i = 0; i < 10; i++) {
            zeroPrefix &= b[i] == 0;
        }
        boolean mapped = zeroPrefix && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
        boolean compatible = zeroPrefix && b[10] == 0 && b[11] == 0
                && !((b[12] | b[13] | b[14]) == 0 && (b[15] == 0 || b[15] == 1)); // not :: or ::1
        if (mapped || compatible) {
            return Optional.of(new byte[] {b[12], b[13], b[14], b[15]});
        }
        boolean nat64 = b[0] == 0 && (b[1] & 0xff) == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b;
        for (int i = 4; nat64 && i < 12; i++) {
            nat64 = b[i] == 0;
        }
        if (nat64) {
            return Optional.of(new byte[] {b[12], b[13], b[14], b[15]});
        }
        if ((b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x02) {
            return Optional.of(new byte[] {b[2], b[3], b[4], b[5]}); // 6to4
        }
        return Optional.empty();
    }

    /** A webhook address that may not be reached; the message is an error class, never the host. */
    public static final class Refused extends Exception {
        public Refused(String errorClass) {
            super(errorClass, null, false, false);
        }

        public String errorClass() {
            return getMessage();
        }
    }
}

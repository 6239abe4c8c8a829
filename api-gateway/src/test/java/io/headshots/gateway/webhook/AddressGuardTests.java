package io.headshots.gateway.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The SSRF guard: every address class a webhook must not reach, in IPv4 and IPv6 forms. */
class AddressGuardTests {
    private final AddressGuard production = new AddressGuard(false);
    private final AddressGuard local = new AddressGuard(true);

    @ParameterizedTest(name = "{0} is refused as {1}")
    @CsvSource({
            "127.0.0.1, loopback_address",
            "127.255.255.254, loopback_address",
            "::1, loopback_address",
            "::ffff:127.0.0.1, loopback_address",
            "10.0.0.1, private_address",
            "10.255.255.255, private_address",
            "172.16.0.1, private_address",
            "172.31.255.255, private_address",
            "192.168.1.1, private_address",
            "100.64.0.1, private_address",
            "100.127.255.255, private_address",
            "169.254.169.254, link_local_address",
            "169.254.0.1, link_local_address",
            "fe80::1, link_local_address",
            "febf::1, link_local_address",
            "fc00::1, private_address",
            "fd12:3456:789a::1, private_address",
            "fec0::1, private_address",
            "224.0.0.1, multicast_address",
            "239.255.255.250, multicast_address",
            "ff02::1, multicast_address",
            "0.0.0.0, unspecified_address",
            "::, unspecified_address",
            "255.255.255.255, reserved_address",
            "240.0.0.1, reserved_address",
            "198.18.0.1, reserved_address",
            "2001:db8::1, reserved_address",
            // IPv6 forms that carry an IPv4 address: mapped, compatible, NAT64, 6to4
            "::ffff:10.0.0.1, private_address",
            "::ffff:169.254.169.254, link_local_address",
            "::ffff:192.168.0.1, private_address",
            "::10.0.0.1, private_address",
            "::169.254.169.254, link_local_address",
            "64:ff9b::a9fe:a9fe, link_local_address",
            "64:ff9b::7f00:1, loopback_address",
            "2002:a00:1::1, private_address",
            "2002:7f00:1::1, loopback_address"})
    void refusesSpecialAddresses(String literal, String errorClass) throws UnknownHostException {
        assertThat(production.refusal(InetAddress.getByName(literal))).contains(errorClass);
    }

    @ParameterizedTest(name = "{0} is allowed")
    @ValueSource(strings = {"93.184.215.14", "8.8.8.8", "172.32.0.1", "172.15.255.255", "100.128.0.1",
            "169.253.0.1", "2606:4700::1111", "2a00:1450:4001::200e", "::ffff:8.8.8.8", "64:ff9b::808:808"})
    void allowsPublicUnicastAddresses(String literal) throws UnknownHostException {
        assertThat(production.refusal(InetAddress.getByName(literal))).isEmpty();
    }

    @Test
    void loopbackIsAllowedOnlyWhereTheLocalStackSwitchesItOn() throws Exception {
        assertThat(local.refusal(InetAddress.getByName("127.0.0.1"))).isEmpty();
        assertThat(local.refusal(InetAddress.getByName("::1"))).isEmpty();
        assertThat(local.refusal(InetAddress.getByName("::ffff:127.0.0.1"))).isEmpty();
        // the switch opens loopback only: every other private class stays refused
        assertThat(local.refusal(InetAddress.getByName("10.0.0.1"))).contains("private_address");
        assertThat(local.refusal(InetAddress.getByName("169.254.169.254"))).contains("link_local_address");
        assertThat(local.refusal(InetAddress.getByName("fd00::1"))).contains("private_address");
    }

    @Test
    void aNameIsResolvedOnceAndRefusedWhenItsAddressIsNotAllowed() throws Exception {
        assertThatThrownBy(() -> production.resolve("localhost")).isInstanceOf(AddressGuard.Refused.class)
                .hasMessage("loopback_address");
        assertThat(local.resolve("localhost").isLoopbackAddress()).isTrue();
        assertThatThrownBy(() -> production.resolve("169.254.169.254")).hasMessage("link_local_address");
        assertThatThrownBy(() -> production.resolve("no-such-host.invalid")).hasMessage("unresolvable_host");
    }
}

package org.blindgate.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.util.UUID;
import org.blindgate.sdk.BlindgateClient;
import org.blindgate.sdk.IdentityChangedException;
import org.blindgate.sdk.SafetyNumbers;
import org.junit.jupiter.api.Test;

/** A peer's identity is never silently replaced: safety numbers, the change surfaced, held messages. */
class IdentityTest extends OnSharedServers {

    @Test
    void bothEndsComputeTheSameSafetyNumber() {
        String a = unique("alice");
        String b = unique("bob");
        try (Device alice = Device.registered(servers, a); Device bob = Device.registered(servers, b)) {
            UUID aliceId = alice.client.account().orElseThrow().userId();
            UUID bobId = bob.client.account().orElseThrow().userId();

            SafetyNumbers fromAlice = alice.client.safetyNumbers(bobId); // before any message
            alice.send(b, "hi");
            await().atMost(Device.WAIT).until(() -> bob.messages.size() == 1);
            SafetyNumbers fromBob = bob.client.safetyNumbers(aliceId);

            assertThat(fromAlice.devices()).hasSize(1);
            assertThat(fromAlice.devices().get(0).number()).matches("(\\d{5} ){11}\\d{5}");
            assertThat(fromAlice.devices().get(0).number()).isEqualTo(fromBob.devices().get(0).number());
            assertThat(fromAlice.changedDevices()).isEmpty();
        }
    }

    @Test
    void aReinstalledPeerIsSurfacedAndHeldUntilTrusted() {
        String a = unique("alice");
        String b = unique("bob");
        try (Device alice = Device.registered(servers, a); Device bob = Device.registered(servers, b)) {
            UUID bobId = bob.client.account().orElseThrow().userId();
            alice.send(b, "first contact");
            await().atMost(Device.WAIT).until(() -> bob.messages.size() == 1);
            String oldNumber = alice.client.safetyNumbers(bobId).devices().get(0).number();

            // Bob reinstalls: a new store, so a new device with a new identity key.
            try (Device reinstalled = Device.create(servers, b + "-new")) {
                reinstalled.client.login(b, "password of " + b);
                reinstalled.connect();

                // Sending: refused, nothing sent, the change reported with the new number.
                assertThatThrownBy(() -> alice.send(b, "not yet"))
                        .isInstanceOf(IdentityChangedException.class)
                        .hasMessage("the safety number with " + b + " has changed: compare it with " + b
                                + " and confirm it before sending or reading more messages");
                SafetyNumbers pending = alice.client.safetyNumbers(bobId);
                assertThat(pending.changedDevices()).hasSize(1);
                assertThat(pending.changedDevices().get(0).deviceId())
                        .isEqualTo(reinstalled.client.account().orElseThrow().deviceId());
                assertThat(pending.devices()).extracting(SafetyNumbers.Device::number).contains(oldNumber);

                // Receiving: the new device's message is held, not shown, not acknowledged.
                reinstalled.send(a, "it is me, on my new phone");
                await().atMost(Device.WAIT).until(() -> !alice.identityChanges.isEmpty());
                assertThat(alice.messages).isEmpty();
                assertThat(reinstalled.receipts).isEmpty();

                SafetyNumbers trusted = alice.client.trust(bobId);
                assertThat(trusted.changedDevices()).isEmpty();
                await().atMost(Device.WAIT).until(() -> alice.texts().contains("it is me, on my new phone"));
                await().atMost(Device.WAIT).until(() -> !reinstalled.receipts.isEmpty());

                BlindgateClient.await(alice.client.send(bobId, "welcome back"), Device.WAIT);
                await().atMost(Device.WAIT).until(() -> reinstalled.texts().contains("welcome back")
                        && bob.texts().contains("welcome back"));
                assertThat(reinstalled.texts()).doesNotContain("not yet");
            }
        }
    }
}

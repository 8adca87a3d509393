package org.blindgate.sdk;

import java.util.List;
import java.util.UUID;

/**
 * The safety numbers between this device and each device of a peer. Keys are per device
 * (PROTOCOL.md §4), so there is one number per pair of devices, the same 60 digits on both ends
 * (libsignal's {@code NumericFingerprintGenerator}, version 2, over the two user ids and identity
 * keys). Two people compare them out of band; a match proves no one sits between them.
 */
public record SafetyNumbers(User user, List<Device> devices) {

    public SafetyNumbers {
        devices = List.copyOf(devices);
    }

    /**
     * One peer device's number.
     *
     * @param number  60 digits in 12 groups of 5, separated by spaces
     * @param changed the device's key differs from the one trusted before; until
     *                {@link BlindgateClient#trust} nothing is sent to or read from it
     */
    public record Device(UUID deviceId, String number, boolean changed) {
    }

    /** The devices whose key changed and awaits confirmation. */
    public List<Device> changedDevices() {
        return devices.stream().filter(Device::changed).toList();
    }
}

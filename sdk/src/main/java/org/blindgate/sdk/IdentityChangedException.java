package org.blindgate.sdk;

import java.util.List;

/**
 * A peer device's identity key is not the one this client trusted before, so nothing is encrypted
 * for it or accepted from it until the user compares the new safety number (out of band) and calls
 * {@link BlindgateClient#trust(java.util.UUID)}. Messages that arrived from the changed device are
 * kept, undecrypted, and delivered after that confirmation.
 */
public final class IdentityChangedException extends BlindgateException {

    private final transient SafetyNumbers safetyNumbers;

    /** The change of {@code safetyNumbers.user()}'s identity. */
    public IdentityChangedException(SafetyNumbers safetyNumbers) {
        super("the safety number with " + safetyNumbers.user().username() + " has changed: compare it with "
                + safetyNumbers.user().username() + " and confirm it before sending or reading more messages");
        this.safetyNumbers = safetyNumbers;
    }

    /** The peer's safety numbers, new keys included; {@link SafetyNumbers#changedDevices()} names the changed ones. */
    public SafetyNumbers safetyNumbers() {
        return safetyNumbers;
    }

    /** Shorthand for the changed devices' numbers. */
    public List<SafetyNumbers.Device> changed() {
        return safetyNumbers.changedDevices();
    }
}

package org.blindgate.cli.account;

import org.blindgate.cli.ClientSetup;
import org.blindgate.sdk.Account;

/** The line {@code register} and {@code login} print: who, which device, where its store is. */
final class AccountLine {

    private AccountLine() {
    }

    static String of(String what, Account account, ClientSetup setup) {
        return what + " as " + account.username() + " (device " + account.deviceId() + ", store " + setup.store()
                + ")";
    }
}

package org.blindgate.gateway.auth;

import org.blindgate.service.http.ApiException;
import org.blindgate.service.http.HttpError;
import org.blindgate.token.RateLimiter;

/**
 * Login attempts are limited per username (guessing one account's password) and per client
 * address (spraying many accounts), each with its own token bucket.
 */
public final class LoginThrottle {

    private final RateLimiter perUsername;
    private final RateLimiter perAddress;

    public LoginThrottle(RateLimiter perUsername, RateLimiter perAddress) {
        this.perUsername = perUsername;
        this.perAddress = perAddress;
    }

    /** Throws {@code rate_limited} with Retry-After when either bucket is empty. */
    public void check(String username, String address) {
        for (RateLimiter.Decision d : new RateLimiter.Decision[] {
                perAddress.tryAcquire(address == null ? "unknown" : address), perUsername.tryAcquire(username)}) {
            if (!d.allowed()) {
                throw new ApiException(HttpError.RATE_LIMITED, "too many login attempts; try again later",
                        d.retryAfter());
            }
        }
    }
}

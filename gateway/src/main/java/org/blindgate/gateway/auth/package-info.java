/**
 * The gateway's pure authentication primitives: password hashing, the token-signing key ring,
 * issuing and verifying access tokens, and login rate limiting.
 *
 * <p>Nothing here does HTTP or touches the database; the HTTP routes and the session layer call
 * these classes. Everything is thread-safe unless a class says otherwise.
 *
 * <p>Which call may block: {@link org.blindgate.gateway.auth.PasswordHasher} (Argon2id, tens of
 * milliseconds by design), {@link org.blindgate.gateway.auth.SigningKeys#active()},
 * {@code rotate()} and {@code rotateIfDue()} (they may write the key file), and a
 * {@link org.blindgate.gateway.auth.TokenVerifier#remote remote} verifier meeting an unknown
 * {@code kid} (it fetches the JWKS). Local token verification, the published JWKS and the rate
 * limiter never do I/O and are safe on the event loop.
 */
package org.blindgate.gateway.auth;

/**
 * Accounts, logins, devices and who is calling: password hashing (Argon2id), login throttling,
 * refresh-token rotation, and turning a bearer token into a {@link org.blindgate.gateway.auth.Caller}.
 * Token signing and verification themselves live in module {@code token}, shared with the vault.
 *
 * <p>{@link org.blindgate.gateway.auth.PasswordHasher} blocks for tens of milliseconds by design,
 * and {@link org.blindgate.gateway.auth.Accounts} does JDBC: both run on the worker pool, never on
 * an event loop. The rate limiter never does I/O.
 */
package org.blindgate.gateway.auth;

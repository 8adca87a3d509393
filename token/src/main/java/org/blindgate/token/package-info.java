/**
 * Access tokens: the gateway signs them with an ES256 key ring it publishes as a JWKS; the
 * gateway and the vault verify them, locally or against a remote JWKS (an external identity
 * provider, or the gateway seen from a vault that runs apart), and both derive user and device
 * ids from a token by one rule. Also the token-bucket {@link org.blindgate.token.RateLimiter}
 * both services put in front of what an authenticated (or would-be) caller may flood. No
 * end-to-end key is here.
 */
package org.blindgate.token;

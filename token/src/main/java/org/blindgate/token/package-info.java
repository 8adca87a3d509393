/**
 * Access tokens: the gateway signs them with an ES256 key ring it publishes as a JWKS; the
 * gateway and the vault verify them, locally or against a remote JWKS (an external identity
 * provider, or the gateway seen from a vault that runs apart). No end-to-end key is here.
 */
package org.blindgate.token;

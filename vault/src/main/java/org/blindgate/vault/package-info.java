/**
 * The vault: what the gateway must never hold. Ciphertext blobs addressed to one recipient device
 * ({@code blob}), client-encrypted attachments ({@code attachment}) and the public prekey
 * directory ({@code prekey}), behind its own port, with its own storage ({@code store}: an index
 * in H2 or PostgreSQL, bytes in files or in PostgreSQL). It verifies the gateway's access tokens
 * through the issuer's JWKS ({@code auth}) and records no sender (DESIGN.md invariant 7).
 * {@link org.blindgate.vault.Vault} is the wiring, {@link org.blindgate.vault.VaultConfig} its
 * configuration.
 */
package org.blindgate.vault;

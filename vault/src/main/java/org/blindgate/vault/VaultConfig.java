package org.blindgate.vault;

import java.net.URL;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Everything the vault needs, validated once at start-up; the server module builds it from flags,
 * environment and file, and nothing reads configuration after that.
 */
public record VaultConfig(Listen listen, Storage storage, Auth auth, Limits limits) {

    /** Where to listen; TLS when both PEM paths are set. */
    public record Listen(String host, int port, Path tlsCert, Path tlsKey) {
        public Listen {
            Objects.requireNonNull(host, "host");
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("vault port must be 0-65535, was " + port);
            }
            if ((tlsCert == null) != (tlsKey == null)) {
                throw new IllegalArgumentException("TLS needs both a certificate and a key (PEM files)");
            }
        }

        public boolean tls() {
            return tlsCert != null;
        }
    }

    /**
     * @param dataDir  the vault's own directory: its H2 database, its object files and its upload
     *                 spool ({@code tmp/}); with PostgreSQL only the spool
     * @param dbUrl    a PostgreSQL JDBC URL (metadata and bytes in the database, for stateless
     *                 nodes), or null for H2 plus files under {@code dataDir}
     * @param poolSize database connections, and blocking worker threads
     */
    public record Storage(Path dataDir, String dbUrl, String dbUser, Secret dbPassword, int poolSize) {
        public Storage {
            Objects.requireNonNull(dataDir, "dataDir");
            if (dbUrl != null && !dbUrl.startsWith("jdbc:postgresql:") && !dbUrl.startsWith("jdbc:h2:")) {
                throw new IllegalArgumentException("vault database URL must start with jdbc:postgresql: (or jdbc:h2:)");
            }
            if (poolSize < 2 || poolSize > 200) {
                throw new IllegalArgumentException("vault database pool size must be 2-200, was " + poolSize);
            }
        }

        /** Whether bytes live in the database (PostgreSQL) rather than in files under {@code dataDir}. */
        public boolean bytesInDatabase() {
            return dbUrl != null && dbUrl.startsWith("jdbc:postgresql:");
        }
    }

    /**
     * Whose access tokens to accept: the issuer's JWKS (the gateway's, or an external identity
     * provider's), with the same issuer and audience the gateway checks. No secret is shared.
     */
    public record Auth(URL jwksUrl, String issuer, String audience, Duration clockSkew) {
        public Auth {
            Objects.requireNonNull(jwksUrl, "the vault needs the issuer's JWKS URL");
            if (!"http".equalsIgnoreCase(jwksUrl.getProtocol()) && !"https".equalsIgnoreCase(jwksUrl.getProtocol())) {
                throw new IllegalArgumentException("the issuer's JWKS URL must be http(s), was " + jwksUrl.getProtocol());
            }
            Objects.requireNonNull(issuer, "issuer");
            Objects.requireNonNull(audience, "audience");
            if (clockSkew.isNegative() || clockSkew.compareTo(Duration.ofMinutes(5)) > 0) {
                throw new IllegalArgumentException("clock skew must be 0-5 min");
            }
        }
    }

    /**
     * Sizes, lifetimes and rates.
     *
     * @param blobMaxBytes       largest blob accepted (PUT /v1/blobs), counted while streaming
     * @param attachmentMaxBytes largest attachment accepted, counted while streaming
     * @param blobTtl            how long a blob is kept if its device never deletes it
     * @param attachmentTtl      how long an attachment is kept
     * @param idleTimeout        a connection that sends and receives nothing this long is closed,
     *                           and an upload in progress on it is discarded
     * @param sweepEvery         how often expired blobs and attachments are removed
     * @param uploadBurst        uploads (blobs, attachments, key bundles) one user may make at once
     * @param uploadRefill       one more upload per this long
     * @param keyFetchBurst      bundle fetches (which consume one-time prekeys) one user may make at once
     * @param keyFetchRefill     one more fetch per this long
     */
    public record Limits(long blobMaxBytes, long attachmentMaxBytes, Duration blobTtl, Duration attachmentTtl,
            Duration idleTimeout, Duration sweepEvery, int uploadBurst, Duration uploadRefill, int keyFetchBurst,
            Duration keyFetchRefill) {

        public static final long DEFAULT_BLOB_MAX_BYTES = 256 * 1024;
        public static final long DEFAULT_ATTACHMENT_MAX_BYTES = 100 * 1024 * 1024;

        public Limits {
            if (blobMaxBytes < 1 || blobMaxBytes > 64L * 1024 * 1024) {
                throw new IllegalArgumentException("blob size limit must be 1 byte to 64 MiB, was " + blobMaxBytes);
            }
            if (attachmentMaxBytes < 1 || attachmentMaxBytes > 16L * 1024 * 1024 * 1024) {
                throw new IllegalArgumentException(
                        "attachment size limit must be 1 byte to 16 GiB, was " + attachmentMaxBytes);
            }
            requirePositive(blobTtl, "blob lifetime");
            requirePositive(attachmentTtl, "attachment lifetime");
            requirePositive(idleTimeout, "idle timeout");
            requirePositive(sweepEvery, "sweep interval");
            requirePositive(uploadRefill, "upload refill interval");
            requirePositive(keyFetchRefill, "key fetch refill interval");
            if (uploadBurst < 1 || keyFetchBurst < 1) {
                throw new IllegalArgumentException("rate limit bursts must be at least 1");
            }
        }

        /** 256 KiB blobs, 100 MiB attachments, 30 days, 30 s idle, hourly sweep, and per-user rates. */
        public static Limits defaults() {
            return new Limits(DEFAULT_BLOB_MAX_BYTES, DEFAULT_ATTACHMENT_MAX_BYTES, Duration.ofDays(30),
                    Duration.ofDays(30), Duration.ofSeconds(30), Duration.ofMinutes(10),
                    300, Duration.ofMillis(100), 100, Duration.ofSeconds(1));
        }

        public Limits withSizes(long blobMax, long attachmentMax) {
            return new Limits(blobMax, attachmentMax, blobTtl, attachmentTtl, idleTimeout, sweepEvery,
                    uploadBurst, uploadRefill, keyFetchBurst, keyFetchRefill);
        }

        public Limits withLifetimes(Duration blob, Duration attachment, Duration sweep) {
            return new Limits(blobMaxBytes, attachmentMaxBytes, blob, attachment, idleTimeout, sweep,
                    uploadBurst, uploadRefill, keyFetchBurst, keyFetchRefill);
        }

        public Limits withIdleTimeout(Duration idle) {
            return new Limits(blobMaxBytes, attachmentMaxBytes, blobTtl, attachmentTtl, idle, sweepEvery,
                    uploadBurst, uploadRefill, keyFetchBurst, keyFetchRefill);
        }

        public Limits withRates(int uploads, Duration uploadEvery, int fetches, Duration fetchEvery) {
            return new Limits(blobMaxBytes, attachmentMaxBytes, blobTtl, attachmentTtl, idleTimeout, sweepEvery,
                    uploads, uploadEvery, fetches, fetchEvery);
        }

        private static void requirePositive(Duration d, String name) {
            Objects.requireNonNull(d, name);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be positive, was " + d);
            }
        }
    }

    public VaultConfig {
        Objects.requireNonNull(listen, "listen");
        Objects.requireNonNull(storage, "storage");
        Objects.requireNonNull(auth, "auth");
        Objects.requireNonNull(limits, "limits");
    }

    /** The embedded default: loopback, H2 and files under {@code dataDir}, tokens from {@code jwksUrl}. */
    public static VaultConfig defaults(Path dataDir, int port, URL jwksUrl) {
        return new VaultConfig(
                new Listen("127.0.0.1", port, null, null),
                new Storage(dataDir, null, null, null, 8),
                new Auth(jwksUrl, "blindgate", "blindgate", Duration.ofSeconds(30)),
                Limits.defaults());
    }

    public VaultConfig withListen(Listen l) {
        return new VaultConfig(l, storage, auth, limits);
    }

    public VaultConfig withStorage(Storage s) {
        return new VaultConfig(listen, s, auth, limits);
    }

    public VaultConfig withAuth(Auth a) {
        return new VaultConfig(listen, storage, a, limits);
    }

    public VaultConfig withLimits(Limits l) {
        return new VaultConfig(listen, storage, auth, l);
    }
}

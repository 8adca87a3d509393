package org.blindgate.sdk.store;

/**
 * Argon2id cost of turning the passphrase into the store key. Written in the store's header, so a
 * store opens with the parameters it was created with whatever the defaults are now.
 *
 * @param memoryKib   memory in KiB (the main cost against guessing on GPUs)
 * @param iterations  passes over that memory
 * @param parallelism lanes
 */
public record KdfParams(int memoryKib, int iterations, int parallelism) {

    /** 64 MiB, 3 passes, 1 lane: about a third of a second on a laptop, once per start. */
    public static final KdfParams DEFAULT = new KdfParams(64 * 1024, 3, 1);

    /** Bounds that keep a planted header from making the client allocate without limit. */
    public KdfParams {
        if (memoryKib < 8 || memoryKib > 4 * 1024 * 1024) {
            throw new IllegalArgumentException("Argon2 memory must be 8 KiB to 4 GiB, was " + memoryKib + " KiB");
        }
        if (iterations < 1 || iterations > 100) {
            throw new IllegalArgumentException("Argon2 iterations must be 1-100, was " + iterations);
        }
        if (parallelism < 1 || parallelism > 16) {
            throw new IllegalArgumentException("Argon2 parallelism must be 1-16, was " + parallelism);
        }
    }
}

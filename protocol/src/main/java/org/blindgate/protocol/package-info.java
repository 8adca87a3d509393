/**
 * Protocol version 1 of Blindgate (shared/PROTOCOL.md §2): the frames as sealed records that
 * cannot hold an invalid value, and {@link org.blindgate.protocol.FrameCodec}, the one codec
 * that turns them into JSON text and back. No I/O, so that servers, the SDK, tests and
 * benchmarks all share exactly the same rules.
 */
package org.blindgate.protocol;

package io.dspinlock.internal.protocol;

import io.dspinlock.EvictionCheck.Finding;

/**
 * What a session found out about whether its server may evict lock keys.
 *
 * @param finding the verdict
 * @param policy the server's {@code maxmemory-policy}, or null if it did not tell
 * @param maxmemory its {@code maxmemory} in bytes, or null if it did not tell
 * @param message the finding in a sentence
 */
public record ServerFinding(Finding finding, String policy, Long maxmemory, String message) {}

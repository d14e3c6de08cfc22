/**
 * The implementation; it may change without notice and is not exported. One sub-package per
 * concern, with arrows only downwards: {@code protocol} uses {@code waiting}, {@code scripts},
 * {@code connection} and {@code wire}; {@code waiting} uses {@code connection} and {@code scripts};
 * {@code connection} uses {@code scripts} and {@code config}; everything may use {@code util}.
 * docs/ARCHITECTURE.md draws it, and follows one acquisition through it.
 */
package io.dspinlock.internal;

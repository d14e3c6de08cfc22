/** Small helpers that every concern uses: the checks of options, diagnostic logging, digests. */
package io.dspinlock.internal.util;

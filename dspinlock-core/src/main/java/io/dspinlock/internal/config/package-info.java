/** Reading configuration text: Redis URIs and their {@code host:port} lists. */
package io.dspinlock.internal.config;

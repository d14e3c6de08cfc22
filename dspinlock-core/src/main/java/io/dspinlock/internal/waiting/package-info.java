/**
 * Waiting for a key within one session: a FIFO queue of waiters per key, the waiters (a parked
 * thread, or an asynchronous acquisition), the direct handoff of a lock to the head of its queue,
 * and the notifier that wakes waiters when a key is released elsewhere (pub/sub).
 */
package io.dspinlock.internal.waiting;

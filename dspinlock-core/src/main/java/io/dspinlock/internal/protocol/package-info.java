/**
 * The lock protocol: {@code LockProtocol} decides what follows each script run; {@code LockHandle}
 * holds a lock object's state and waits in the calling thread, {@code AsyncAcquirer} waits on a
 * timer; {@code Lease} keeps a held lock alive; {@code SessionCore} is what a session's locks
 * share.
 */
package io.dspinlock.internal.protocol;

/**
 * The Lua scripts of the lock protocol (the {@code .lua} resources beside these classes), their
 * arguments encoded once per lock object, and the one place where their replies are decoded into
 * typed outcomes.
 */
package io.dspinlock.internal.scripts;

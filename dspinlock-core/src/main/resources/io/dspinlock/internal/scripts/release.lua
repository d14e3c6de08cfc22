-- Release: BLOCKED with our tag becomes COMPUTED with our tag, and waiters are told on the key's
-- own name as a channel (in its hash slot by construction): the message is the BLOCKED value
-- released, so that the releasing session can tell its own announcement. A fair lock whose key
-- has live waiters queued hands the key to the longest-waiting one instead (see grant_head).
-- KEYS[1] lock key   ARGV[1] time to live of the COMPUTED value, ms   ARGV[2] our BLOCKED value
-- A fair lock also passes KEYS[2] the fencing counter, KEYS[3] the queue, KEYS[4] the waiters'
-- entries, ARGV[3] our session's grant channel, ARGV[4] "q" or "Q" (see acquire.lua) and ARGV[5]
-- the max block time, ms (for the counter's lifetime).
-- The state is the value's last byte, so COMPUTED is written in place (SETRANGE) instead of sending
-- and storing a second copy of the value: each argument costs the server a string to parse and
-- one to intern, and SET's status reply a Lua table.
-- Replies: 1 released | 2 already released (a retried release that had landed) | {'GONE'}
--          | {'NOT_OURS', value} | {'WRONGTYPE', what} | {'REFUSED', error}: nothing written
--          | {'GRANTED', value, token}: handed to the queued waiter of that BLOCKED value
--@include read_value
if not value then return {'GONE'} end
local mine = ARGV[2]
if value == mine then
  local queue = KEYS[3]
  if queue and redis.call('EXISTS', queue) == 1 then
    local waiters, counter, maxBlockArg = KEYS[4], KEYS[2], ARGV[5]
    local taker, skip, check = false, ARGV[3], ARGV[4] == 'q'
    --@include server_time
    --@include grant_head
    if head then return {'GRANTED', head, grantedToken} end
    if redis.call('EXISTS', key) == 0 then
      -- Offered to waiters that were gone: COMPUTED again, as a plain release leaves it.
      redis.call('SET', key, string.sub(mine, 1, -2) .. '1', 'PX', ARGV[1])
      redis.call('PUBLISH', key, value)
      return 1
    end
  end
  -- SETRANGE is the one write Redis may refuse (out of memory, a read-only replica): first, so
  -- that a refusal leaves the key as it was. The TTL is checked by the client: PEXPIRE takes it.
  local refused = redis.pcall('SETRANGE', key, #value - 1, '1')
  if type(refused) == 'table' then return {'REFUSED', refused.err} end
  redis.call('PEXPIRE', key, ARGV[1])
  redis.call('PUBLISH', key, value)
  return 1
end
--@include already_released
if released then return 2 end
return {'NOT_OURS', value}

-- Release: BLOCKED with our tag becomes COMPUTED with our tag, and waiters are told on the key's
-- own name as a channel (in its hash slot by construction): the message is the BLOCKED value
-- released, so that the releasing session can tell its own announcement. A fair lock whose key
-- has live waiters queued hands the key to the longest-waiting one instead (see grant_head).
-- KEYS[1] lock key   ARGV[1] time to live of the COMPUTED value, ms   ARGV[2] our BLOCKED value
-- A fair lock also passes ARGV[3] "<q|Q> <max block ms> <session>": the flag of acquire.lua, the
-- max block time (for the counter's lifetime) and our session's id; the key's queue and its
-- companions are named from the key's hash slot. The queue is looked at whether or not anybody
-- listens on the key's channel: a waiter whose session's subscription is still on its way, and
-- whose thread waits on its inbox, would otherwise hear of this release only at its next attempt.
-- Outside a cluster ("q") it asks whether any session listens on the key's channel, to announce a
-- release only to listeners: every session with a waiter for the key listens, once subscribed; one
-- that subscribes only after this release finds the key free when it does.
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
  local fair, listened, queue, prefix = ARGV[3], true, false, false
  if fair and string.byte(fair, 1) == 113 then -- 'q'
    listened = redis.call('PUBSUB', 'NUMSUB', key)[2] > 0
  end
  if fair then
    -- The hash slot's part of the key, as LockKeys.slotPart reads it.
    local open = string.find(key, '{', 1, true)
    local close = open and string.find(key, '}', open + 1, true)
    local slot = key
    if close and close > open + 1 then slot = string.sub(key, open + 1, close - 1) end
    prefix = '{' .. slot .. '}:'
    queue = prefix .. 'queue'
  end
  if queue and redis.call('EXISTS', queue) == 1 then
    local counter, waiters, taker = prefix .. 'fence', prefix .. 'waiters', false
    local flag, maxBlockArg, session = string.match(ARGV[3], '^(%a) (%d+) (.+)$')
    local skip, check = prefix .. 'grant:' .. session, flag == 'q'
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
  if listened then redis.call('PUBLISH', key, value) end
  return 1
end
--@include already_released
if released then return 2 end
return {'NOT_OURS', value}

-- Release: BLOCKED with our tag becomes COMPUTED with our tag, and waiters are told on the key's
-- own name as a channel (in its hash slot by construction): the message is the BLOCKED value
-- released, so that the releasing session can tell its own announcement.
-- KEYS[1] lock key   ARGV[1] time to live of the COMPUTED value, ms   ARGV[2] our BLOCKED value
-- The state is the value's last byte, so COMPUTED is written in place (SETRANGE) instead of sending
-- and storing a second copy of the value: each argument costs the server a string to parse and
-- one to intern, and SET's status reply a Lua table.
-- Replies: 1 released | 2 already released (a retried release that had landed) | {'GONE'}
--          | {'NOT_OURS', value} | {'WRONGTYPE', what} | {'REFUSED', error}: nothing written
--@include read_value
if not value then return {'GONE'} end
local mine = ARGV[2]
if value == mine then
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

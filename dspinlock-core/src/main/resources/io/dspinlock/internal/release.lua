-- Release: BLOCKED with our tag becomes COMPUTED with our tag, and waiters are told: the message
-- is the BLOCKED value released, so that the releasing session can tell its own announcement.
-- KEYS[1] lock key   ARGV[1] time to live of the COMPUTED value, ms
-- ARGV[2] the key's notification channel   ARGV[3] our BLOCKED value   ARGV[4] our COMPUTED value
-- (the values come precomputed: building them here would cost a string per run, and every
-- argument costs the server a string too, so the tag is not sent apart from the values)
-- Replies: 1 released | 2 already released (a retried release that had landed) | {'GONE'}
--          | {'NOT_OURS', value} | {'WRONGTYPE', what}
local key = KEYS[1]
local value = redis.pcall('GET', key)
if type(value) == 'table' and value.err then
  return {'WRONGTYPE', key .. ' is a ' .. redis.call('TYPE', key)['ok']}
end
if not value then return {'GONE'} end
if value == ARGV[3] then
  redis.call('SET', key, ARGV[4], 'PX', ARGV[1])
  redis.call('PUBLISH', ARGV[2], ARGV[3])
  return 1
end
if value == ARGV[4] then return 2 end
return {'NOT_OURS', value}

-- Release: BLOCKED with our tag becomes COMPUTED with our tag, and waiters are told.
-- KEYS[1] lock key   ARGV[1] our tag   ARGV[2] time to live of the COMPUTED value, ms
-- ARGV[3] the key's notification channel
-- Replies: {'RELEASED'} | {'ALREADY'} (a retried release that had landed) | {'GONE'}
--          | {'NOT_OURS', value} | {'WRONGTYPE', what}
local key, tag = KEYS[1], ARGV[1]
local value = redis.pcall('GET', key)
if type(value) == 'table' and value.err then
  return {'WRONGTYPE', key .. ' is a ' .. redis.call('TYPE', key)['ok']}
end
if not value then return {'GONE'} end
if value == tag .. ',0' then
  redis.call('SET', key, tag .. ',1', 'PX', ARGV[2])
  redis.call('PUBLISH', ARGV[3], tag)
  return {'RELEASED'}
end
if value == tag .. ',1' then return {'ALREADY'} end
return {'NOT_OURS', value}

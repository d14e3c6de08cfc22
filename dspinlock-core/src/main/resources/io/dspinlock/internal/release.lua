-- Release: BLOCKED with our tag becomes COMPUTED with our tag, and waiters are told.
-- KEYS[1] lock key   ARGV[1] our tag   ARGV[2] time to live of the COMPUTED value, ms
-- ARGV[3] the key's notification channel   ARGV[4] our BLOCKED value   ARGV[5] our COMPUTED value
-- (the values come precomputed: building them here would cost a string per run)
-- Replies: 1 released | 2 already released (a retried release that had landed) | {'GONE'}
--          | {'NOT_OURS', value} | {'WRONGTYPE', what}
local key, tag = KEYS[1], ARGV[1]
local value = redis.pcall('GET', key)
if type(value) == 'table' and value.err then
  return {'WRONGTYPE', key .. ' is a ' .. redis.call('TYPE', key)['ok']}
end
if not value then return {'GONE'} end
if value == ARGV[4] then
  redis.call('SET', key, ARGV[5], 'PX', ARGV[2])
  redis.call('PUBLISH', ARGV[3], tag)
  return 1
end
if value == ARGV[5] then return 2 end
return {'NOT_OURS', value}

-- Delete a key's state, unless another holder has it BLOCKED.
-- KEYS[1] lock key   ARGV[1] our tag   (waiters are told on the key's own name as a channel)
-- Replies: {'DELETED', value} | {'ABSENT'} | {'BLOCKED', value, pttl} | {'INVALID', value}
--          | {'WRONGTYPE', what}
--@include read_value
local tag = ARGV[1]
if not value then return {'ABSENT'} end
local uuid, ts, state = string.match(value, '^([^,]+),([^,]+),([^,]+)$')
if not uuid or (state ~= '0' and state ~= '1') then return {'INVALID', value} end
if state == '0' and uuid .. ',' .. ts ~= tag then
  return {'BLOCKED', value, redis.call('PTTL', key)}
end
redis.call('DEL', key)
redis.call('PUBLISH', key, tag)
return {'DELETED', value}

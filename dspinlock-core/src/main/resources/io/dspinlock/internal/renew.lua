-- Renew the lease of a lock that is BLOCKED with our tag; never touches another holder's key.
-- KEYS[1] lock key   ARGV[1] our tag   ARGV[2] lease, ms
-- Replies: {'RENEWED'} | {'GONE'} | {'NOT_OURS', value} | {'WRONGTYPE', what}
local key, tag = KEYS[1], ARGV[1]
local value = redis.pcall('GET', key)
if type(value) == 'table' and value.err then
  return {'WRONGTYPE', key .. ' is a ' .. redis.call('TYPE', key)['ok']}
end
if not value then return {'GONE'} end
if value == tag .. ',0' then
  redis.call('PEXPIRE', key, ARGV[2])
  return {'RENEWED'}
end
return {'NOT_OURS', value}

-- Hand a lock we hold straight to the next waiter of our session: BLOCKED with our tag becomes
-- BLOCKED with theirs, fenced anew. Nothing comes in between, so the next holder has the lock one
-- round trip after the release call, and nobody barges in.
-- KEYS[1] lock key   KEYS[2] fencing counter
-- ARGV[1] our BLOCKED value   ARGV[2] the next holder's BLOCKED value
-- ARGV[3] the next holder's lease, ms   ARGV[4] the next holder's max block, ms (the counter's
-- lifetime from its seeding is three times that, at least an hour, as in acquire.lua)
-- Replies: token (an integer) handed over | {'ALREADY'} our release had landed, nothing handed
--          | {'GONE'} | {'NOT_OURS', value} | {'WRONGTYPE', what}
local key, counter = KEYS[1], KEYS[2]
local value = redis.pcall('GET', key)
if type(value) == 'table' then
  return {'WRONGTYPE', key .. ' is a ' .. redis.call('TYPE', key)['ok']}
end
if not value then return {'GONE'} end
if value ~= ARGV[1] then
  local n = #value
  if n == #ARGV[1] and string.byte(value, n) == 49
      and string.sub(value, 1, n - 1) == string.sub(ARGV[1], 1, n - 1) then
    return {'ALREADY'}
  end
  return {'NOT_OURS', value}
end
local token = redis.pcall('INCR', counter)
if type(token) == 'table' then
  return {'WRONGTYPE', counter .. ' is not a counter: ' .. token.err}
end
if token == 1 then
  local t = redis.call('TIME')
  token = tonumber(t[1]) * 1000000 + tonumber(t[2])
  redis.call('SET', counter, string.format('%.0f', token), 'PX',
    string.format('%.0f', math.max(3 * tonumber(ARGV[4]), 3600000)))
end
redis.call('PSETEX', key, ARGV[3], ARGV[2])
return token

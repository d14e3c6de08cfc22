-- Hand a lock we hold straight to the next waiter of our session: BLOCKED with our tag becomes
-- BLOCKED with theirs, fenced anew. Nothing comes in between, so the next holder has the lock one
-- round trip after the release call, and nobody barges in.
-- KEYS[1] lock key   KEYS[2] fencing counter
-- ARGV[1] our BLOCKED value   ARGV[2] the next holder's BLOCKED value
-- ARGV[3] the next holder's lease, ms   ARGV[4] the next holder's max block, ms (the counter's
-- lifetime from its seeding is three times that, at least an hour, as in acquire.lua)
-- Replies: token (an integer) handed over | {'ALREADY'} our release had landed, nothing handed
--          | {'GONE'} | {'NOT_OURS', value} | {'WRONGTYPE', what}
--@include read_value
if not value then return {'GONE'} end
local mine = ARGV[1]
if value ~= mine then
  --@include already_released
  if released then return {'ALREADY'} end
  return {'NOT_OURS', value}
end
local counter, maxBlockArg = KEYS[2], ARGV[4]
--@include next_token
redis.call('PSETEX', key, ARGV[3], ARGV[2])
return token

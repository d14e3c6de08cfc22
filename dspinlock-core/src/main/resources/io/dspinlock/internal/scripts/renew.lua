-- Renew the lease of a lock that is BLOCKED with our tag; never touches another holder's key.
-- KEYS[1] lock key   ARGV[1] our BLOCKED value   ARGV[2] lease, ms
-- Replies: 1 renewed | {'GONE'} | {'NOT_OURS', value} | {'WRONGTYPE', what}
--@include read_value
if not value then return {'GONE'} end
if value == ARGV[1] then
  redis.call('PEXPIRE', key, ARGV[2])
  return 1
end
return {'NOT_OURS', value}

-- (included) Puts the caller in the key's waiting queue, or keeps its place there and moves its
-- entry's deadline on: an entry lives `entryMs` past its waiter's latest attempt. The queue's two
-- keys live as long as their longest-lived entry.
-- In: `queue`, `waiters`, `mine`, `now`, `micros`; ARGV[5] the caller's session channel, ARGV[6]
-- the entry's time to live, ARGV[7] the grant time, ms.
local entryMs = tonumber(ARGV[6])
redis.call('ZADD', queue, 'NX', micros, mine)
redis.call('HSET', waiters, mine, string.format('%.0f', now + entryMs) .. ' ' .. ARGV[7] .. ' ' .. ARGV[5])
if redis.call('PTTL', queue) < entryMs then
  redis.call('PEXPIRE', queue, entryMs)
  redis.call('PEXPIRE', waiters, entryMs)
end

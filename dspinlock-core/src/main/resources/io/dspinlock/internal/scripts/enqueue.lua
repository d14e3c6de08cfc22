-- (included) Puts the caller in the key's waiting queue, or keeps its place there and moves its
-- entry's deadline on: an entry lives `entryMs` past its waiter's latest attempt. The queue's two
-- keys live as long as their longest-lived entry. The fencing counter `counter` is made odd, since
-- the queue exists now (see next_token); a missing one is left to next_token, whose seed takes the
-- queue's parity.
-- In: `queue`, `waiters`, `prefix` (the queue's name without "queue"), `mine`, `now`, `micros`,
-- `counter`; ARGV[4] "<q|Q><entry ms> [L]<grant ms> <session>": an L before the grant time stands
-- for a waiter whose own thread waits on its inbox list (see grant_head), and is kept in its entry.
local entryText, grantText, session = string.match(ARGV[4], '^%a(%d+) (L?%d+) (.+)$')
local entryMs = tonumber(entryText)
redis.call('ZADD', queue, 'NX', micros, mine)
redis.call('HSET', waiters, mine,
  string.format('%.0f', now + entryMs) .. ' ' .. grantText .. ' ' .. prefix .. 'grant:' .. session)
if redis.call('PTTL', queue) < entryMs then
  redis.call('PEXPIRE', queue, entryMs)
  redis.call('PEXPIRE', waiters, entryMs)
end
local fence = redis.pcall('GET', counter)
if type(fence) == 'string' and tonumber(fence) and tonumber(fence) % 2 == 0 then
  redis.call('INCR', counter)
end

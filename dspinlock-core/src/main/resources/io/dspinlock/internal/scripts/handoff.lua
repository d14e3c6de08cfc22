-- Hand a lock we hold straight to the next waiter of our session: BLOCKED with our tag becomes
-- BLOCKED with theirs, fenced anew. Nothing comes in between, so the next holder has the lock one
-- round trip after the release call, and nobody barges in. For a fair lock, waiters queued on the
-- server come first: when the key's queue has a live head other than that waiter, the key is
-- granted to the head instead, as release.lua does, and our waiter queues in its turn.
-- KEYS[1] lock key   KEYS[2] fencing counter
-- ARGV[1] our BLOCKED value   ARGV[2] the next holder's BLOCKED value
-- ARGV[3] the next holder's lease, ms   ARGV[4] the next holder's max block, ms (the counter's
-- lifetime from its seeding is three times that, at least an hour, as in acquire.lua)
-- ARGV[5] for a fair lock, as ARGV[3] of release.lua (its queue is named from KEYS[2])
-- Replies: token (an integer) handed over | {'ALREADY'} our release had landed, nothing handed
--          | {'GONE'} | {'NOT_OURS', value} | {'WRONGTYPE', what}
--          | {'GRANTED', value, token} granted to the queued waiter of that value instead
--@include read_value
if not value then return {'GONE'} end
local mine = ARGV[1]
if value ~= mine then
  --@include already_released
  if released then return {'ALREADY'} end
  return {'NOT_OURS', value}
end
local counter, maxBlockArg, fair = KEYS[2], ARGV[4], ARGV[5] ~= nil
--@include next_token
if fair and token % 2 == 1 then
  -- A queue may exist (see next_token): its live head comes first.
  local prefix = string.sub(counter, 1, -6)
  local queue = prefix .. 'queue'
  if redis.call('EXISTS', queue) == 1 then
    local waiters, taker = prefix .. 'waiters', ARGV[2]
    local flag, session = string.match(ARGV[5], '^(%a) %d+ (.+)$')
    local skip, check = prefix .. 'grant:' .. session, flag == 'q'
    --@include server_time
    --@include grant_head
    if head then return {'GRANTED', head, grantedToken} end
    if mineNext then
      -- A next holder whose thread waits on its inbox (see grant_head) is woken through it; its
      -- session's grant settles the handoff.
      local entry = redis.call('HGET', waiters, taker)
      if entry and string.find(entry, '^%d+ L') then
        local inbox = prefix .. 'inbox:' .. taker
        local message = string.format('%.0f', token) .. ' ' .. micros .. ' ' .. taker
        if type(redis.pcall('RPUSH', inbox, message)) ~= 'table' then -- else woken by its slices
          redis.call('PEXPIRE', inbox, ARGV[3])
        end
      end
      redis.call('ZREM', queue, taker)
      redis.call('HDEL', waiters, taker)
    end
  else
    token = redis.call('INCR', counter) -- the queue is gone: even again
  end
end
redis.call('PSETEX', key, ARGV[3], ARGV[2])
return token

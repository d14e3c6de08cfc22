-- (included) Hands the key to the live head of its waiting queue `queue` (a sorted set of BLOCKED
-- values by arrival, µs), whose entries in the hash `waiters` read "<deadline ms> <grant ms>
-- <channel>". Entries past their deadline are dropped on the way. A grant is BLOCKED with the
-- waiter's value for its grant time only, so that a waiter that never takes it up (paused, or
-- gone) costs the next one no more than that; it is announced on the waiter's session channel
-- alone: "<token> <µs> <value>". With `check`, a grant that nobody receives (the waiter's process
-- is gone, and with it its subscription) is taken back at once and the next waiter tried.
-- In: `taker` (the caller's value when it may take the key itself, else false), `skip` (the
-- caller's own channel: its session learns of a grant from the reply), `counter`, `maxBlockArg`,
-- `now`, `micros`. Out: `head` (the value granted, or false), `grantedToken`, and
-- `mineNext` (true when the caller heads the queue: it takes the key itself). With both `taker`
-- and `skip` (a handoff within a session), an entry of the caller's session at the head is that
-- session's turn: it is used up, and the caller's next waiter, `taker`, takes the key.
local head, grantedToken, mineNext = false, false, false
for _ = 1, 16 do
  local first = redis.call('ZRANGE', queue, 0, 0)[1]
  if not first then break end
  if first == taker then
    mineNext = true
    break
  end
  local entry = redis.call('HGET', waiters, first)
  local deadline, grantMs, channel
  if entry then deadline, grantMs, channel = string.match(entry, '^(%d+) (%d+) (.+)$') end
  local live = deadline and tonumber(deadline) >= now
  if live and taker and channel == skip then
    redis.call('ZREM', queue, first)
    redis.call('HDEL', waiters, first)
    mineNext = true
    break
  end
  if live then
    --@include next_token
    redis.call('PSETEX', key, grantMs, first)
    redis.call('ZREM', queue, first)
    redis.call('HDEL', waiters, first)
    local tokenText = string.format('%.0f', token)
    if channel == skip then
      head, grantedToken = first, tokenText
      break
    end
    local heard = redis.call('PUBLISH', channel, tokenText .. ' ' .. micros .. ' ' .. first)
    if heard > 0 or not check then
      head, grantedToken = first, tokenText
      break
    end
    redis.call('DEL', key)
  else
    redis.call('ZREM', queue, first)
    redis.call('HDEL', waiters, first)
  end
end

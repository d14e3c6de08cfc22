-- (included) Hands the key to the live head of its waiting queue `queue` (a sorted set of BLOCKED
-- values by arrival, µs), whose entries in the hash `waiters` read "<deadline ms> <grant ms>
-- <channel>". Entries past their deadline are dropped on the way. A grant is BLOCKED with the
-- waiter's value for its grant time only, so that a waiter that never takes it up (paused, or
-- gone) costs the next one no more than that; it is announced on the waiter's session channel
-- alone: "<token> <µs> <value>". With `check`, a grant that nobody receives (the waiter's process
-- is gone, and with it its subscription) is taken back at once and the next waiter tried, unless
-- the waiter joined the queue less than 100 ms ago: its session subscribes only once that attempt
-- has returned, and takes the grant when the subscription lands (Notifier.recheck). Taking such a
-- grant back would send the waiter to the tail, and announce the key on its own channel, which
-- ends the linger of the sessions that do not wait: their next waits would miss grants in turn.
-- A waiter gone within 100 ms of joining costs the next one the grant time, as a paused one does.
-- In: `taker` (the caller's value when it may take the key itself, else false), `skip` (the
-- caller's own channel: its session learns of a grant from the reply), `counter`, `maxBlockArg`,
-- `now`, `micros`. Out: `head` (the value granted, or false), `grantedToken`, and
-- `mineNext` (true when the caller heads the queue: it takes the key itself). With both `taker`
-- and `skip` (a handoff within a session), an entry of the caller's session at the head is that
-- session's turn: it is used up, and the caller's next waiter, `taker`, takes the key.
local head, grantedToken, mineNext = false, false, false
for _ = 1, 16 do
  local firstAndScore = redis.call('ZRANGE', queue, 0, 0, 'WITHSCORES')
  local first = firstAndScore[1]
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
    if heard > 0 or not check or tonumber(micros) - tonumber(firstAndScore[2]) < 100000 then
      head, grantedToken = first, tokenText
      break
    end
    redis.call('DEL', key)
  else
    redis.call('ZREM', queue, first)
    redis.call('HDEL', waiters, first)
  end
end

-- (included) Hands the key to the live head of its waiting queue `queue` (a sorted set of BLOCKED
-- values by arrival, µs), whose entries in the hash `waiters` read "<deadline ms> <grant ms>
-- <channel>", or "<deadline ms> L<grant ms> <channel>" for a waiter whose own thread waits on its
-- inbox list `<prefix>inbox:<value>` (BLPOP). Entries past their deadline are dropped on the way.
-- A grant is BLOCKED with the waiter's value for its grant time only, so that a waiter that never
-- takes it up (paused, or gone) costs the next one no more than that. It is told to that waiter
-- alone, "<token> <µs> <value>": pushed to its inbox, which lives as long as the grant (Redis hands
-- it to the blocked thread as this script ends, or keeps it for the thread's next BLPOP), or else
-- published on its session's channel.
-- With `check`, a waiter whose process is gone is passed over, unless it joined the queue less than
-- 100 ms ago. An inbox waiter's session subscribes to its channel all the same, so that nobody
-- listening there (PUBSUB NUMSUB) tells that its process is gone, before anything is granted. A
-- published grant that nobody receives is taken back at once and the next waiter tried. The 100 ms:
-- a session subscribes only once the attempt that queued its waiter has returned, and takes a
-- grant when the subscription lands (Notifier.recheck). Passing it over would send the waiter to
-- the tail, and announce the key on its own channel, which ends the linger of the sessions that do
-- not wait: their next waits would miss grants in turn. A waiter gone within 100 ms of joining
-- costs the next one the grant time, as a paused one does.
-- In: `taker` (the caller's value when it may take the key itself, else false), `skip` (the
-- caller's own channel: its session learns of a grant from the reply, and its inbox waiters from
-- their inboxes), `prefix`, `counter`, `maxBlockArg`, `now`, `micros`. Out: `head` (the value
-- granted, or false), `grantedToken`, and `mineNext` (true when the caller heads the queue: it
-- takes the key itself). With both `taker` and `skip` (a handoff within a session), an entry of
-- the caller's session at the head is that session's turn: it is used up, and the caller's next
-- waiter, `taker`, takes the key.
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
  local deadline, inbox, grantMs, channel
  if entry then deadline, inbox, grantMs, channel = string.match(entry, '^(%d+) (L?)(%d+) (.+)$') end
  local live = deadline and tonumber(deadline) >= now
  if live and taker and channel == skip then
    redis.call('ZREM', queue, first)
    redis.call('HDEL', waiters, first)
    mineNext = true
    break
  end
  if live and inbox == 'L' and check and channel ~= skip
      and tonumber(micros) - tonumber(firstAndScore[2]) >= 100000
      and redis.call('PUBSUB', 'NUMSUB', channel)[2] == 0 then
    live = false -- its process is gone
  end
  if live then
    --@include next_token
    redis.call('PSETEX', key, grantMs, first)
    redis.call('ZREM', queue, first)
    redis.call('HDEL', waiters, first)
    local tokenText = string.format('%.0f', token)
    if inbox == 'L' then
      inbox = prefix .. 'inbox:' .. first
      if type(redis.pcall('RPUSH', inbox, tokenText .. ' ' .. micros .. ' ' .. first)) ~= 'table' then
        redis.call('PEXPIRE', inbox, grantMs)
        head, grantedToken = first, tokenText
        break
      end
      -- Refused (an ACL user set up before inboxes, whose waiters listen instead): published.
    end
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

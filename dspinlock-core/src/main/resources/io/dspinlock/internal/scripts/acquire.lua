-- One acquisition attempt, atomic on the server: one round trip, no read-then-write by the client.
-- KEYS[1] lock key; KEYS[2] fencing counter, in the lock key's hash slot
-- ARGV[1] our BLOCKED value "<uuid>,<timestamp>,0"   ARGV[2] lease, ms   ARGV[3] max block, ms
-- ARGV[4] flags: "f" fail if the key exists, "c" cached if computed, "-" neither; for a fair lock
--   "q<entry ms> <grant ms> <session>": a queue entry's time to live, the grant time and our
--   session's id, with "Q" for "q" where a PUBLISH cannot tell whether its receiver is alive (a
--   cluster). A fair lock joins the key's queue when the key is held, in this same run, and takes
--   a free key only when nobody waits before it: else the key goes to the queue's head. The queue
--   and its companions (see grant_head) are named from KEYS[2] when they are needed, in its hash
--   slot by construction: every key and argument costs the server strings to parse and intern.
-- Replies (nothing is written unless the reply says so):
--   token (an integer)   taken, BLOCKED with our tag     {'OURS', token}       already ours
--   {'COMPUTED', value}  computed, caller reads cache   {'EXISTS', value}     fail-if-exists
--   {'BLOCKED', value, pttl}  held by another           {'INVALID', value}    not our wire format
--   (a fair lock's BLOCKED has a fourth field: the server's clock, µs, when it joined the queue)
--   {'WRONGTYPE', what}  a key holds another Redis type
--
-- Costs, in calls to Redis: a free or COMPUTED key (the common cases: a released key stays
-- COMPUTED for an hour) takes three, GET, INCRBY and PSETEX, fair or not, unless a queue may
-- exist. Written without local functions and without captures on the common path: Lua would build
-- a closure or a string for each, and with as few arguments as it can: each one costs the server a
-- string to parse and one to intern.
--@include read_value
local counter, maxBlockArg = KEYS[2], ARGV[3]
local mine, fair, queue = ARGV[1], #ARGV[4] > 1, false

if value then
  -- The wire format: exactly three non-empty fields, the last one 0 or 1.
  local c1 = string.find(value, ',', 1, true)
  local c2 = c1 and string.find(value, ',', c1 + 1, true)
  local state = c2 and string.sub(value, c2 + 1)
  if not c2 or c1 == 1 or c2 == c1 + 1 or (state ~= '0' and state ~= '1') then
    return {'INVALID', value}
  end
  if value == mine then
    if fair then
      -- Granted to us: taken up with our lease (or an entry left by an attempt that was granted).
      local prefix = string.sub(counter, 1, -6)
      redis.call('ZREM', prefix .. 'queue', mine)
      redis.call('HDEL', prefix .. 'waiters', mine)
      redis.call('DEL', prefix .. 'inbox:' .. mine) -- its announcement, if unread
      redis.call('PEXPIRE', key, ARGV[2])
    end
    local stored = redis.pcall('GET', counter)
    if type(stored) == 'table' then stored = false end
    return {'OURS', tonumber(stored or '0') or 0}
  end
  if ARGV[4] == 'f' then
    return {'EXISTS', value}
  end
  if state == '1' then
    if ARGV[4] == 'c' then return {'COMPUTED', value} end
  else
    -- BLOCKED by another tag. A holder with a lease keeps a TTL of at most the max block
    -- time; a key without one (the Python original sets an hour ahead; a plain SET sets
    -- none) is taken over only once its tag is older than the max block time, measured on
    -- the server's clock.
    local pttl = redis.call('PTTL', key)
    local maxBlock = tonumber(maxBlockArg)
    local abandoned = false
    if pttl == -1 or pttl > maxBlock then
      -- Python isoformat() text to microseconds since the epoch (days_from_civil, after
      -- H. Hinnant); an unreadable timestamp is never taken over.
      local ts = string.sub(value, c1 + 1, c2 - 1)
      local y, mo, d, h, mi, s, rest =
        string.match(ts, '^(%d%d%d%d)-(%d%d)-(%d%d)T(%d%d):(%d%d):(%d%d)(.*)$')
      if y then
        local frac, offset, readable = 0, 0, true
        local digits = string.match(rest, '^%.(%d+)')
        if digits then
          frac = tonumber(string.sub(digits .. '000000', 1, 6))
          rest = string.sub(rest, #digits + 2)
        end
        if rest ~= '' and rest ~= 'Z' then
          local sign, oh, om = string.match(rest, '^([+-])(%d%d):(%d%d)')
          if sign then
            offset = tonumber(oh) * 3600 + tonumber(om) * 60
            if sign == '-' then offset = -offset end
          else
            readable = false
          end
        end
        if readable then
          y, mo, d = tonumber(y), tonumber(mo), tonumber(d)
          if mo <= 2 then y = y - 1 end
          local era = math.floor(y / 400)
          local yoe = y - era * 400
          local doy = math.floor((153 * ((mo + 9) % 12) + 2) / 5) + d - 1
          local doe = yoe * 365 + math.floor(yoe / 4) - math.floor(yoe / 100) + doy
          local days = era * 146097 + doe - 719468
          local secs = days * 86400 + tonumber(h) * 3600 + tonumber(mi) * 60 + tonumber(s) - offset
          local t = redis.call('TIME')
          local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
          abandoned = now - (secs * 1000000 + frac) > maxBlock * 1000
        end
      end
    end
    if not abandoned then
      if fair then
        local prefix = string.sub(counter, 1, -6)
        local waiters = prefix .. 'waiters'
        queue = prefix .. 'queue'
        --@include server_time
        --@include enqueue
        return {'BLOCKED', value, pttl, micros}
      end
      return {'BLOCKED', value, pttl}
    end
  end
end

-- Take the key, unless others wait for it: the counter is odd when a queue may exist.
--@include next_token
if fair and token % 2 == 1 then
  local prefix = string.sub(counter, 1, -6)
  queue = prefix .. 'queue'
  if redis.call('EXISTS', queue) == 1 then
    -- The queue's live head has the key, unless that is us.
    local waiters = prefix .. 'waiters'
    --@include server_time
    local taker, skip, check = mine, false, string.byte(ARGV[4], 1) == 113 -- 'q'
    --@include grant_head
    if head then
      --@include enqueue
      return {'BLOCKED', head, tonumber(redis.call('PTTL', key)), micros}
    end
    if mineNext then
      redis.call('ZREM', queue, mine)
      redis.call('HDEL', waiters, mine)
    end
  else
    token = redis.call('INCR', counter) -- the queue is gone: even again
  end
end
redis.call('PSETEX', key, ARGV[2], ARGV[1])
return token

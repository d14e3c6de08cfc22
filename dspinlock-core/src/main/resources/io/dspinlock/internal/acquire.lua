-- One acquisition attempt, atomic on the server: one round trip, no read-then-write by the client.
-- KEYS[1] lock key; KEYS[2] fencing counter, in the lock key's hash slot
-- ARGV[1] our tag "<uuid>,<timestamp>"   ARGV[2] lease, ms          ARGV[3] max block time, ms
-- ARGV[4] "1" = fail if the key exists   ARGV[5] "1" = cached if computed
-- ARGV[6] time to live of the fencing counter, ms
-- Replies (nothing is written unless the reply says so):
--   {'ACQUIRED', token}  taken, BLOCKED with our tag     {'OURS', token}       already ours
--   {'COMPUTED', value}  computed, caller reads cache   {'EXISTS', value}     fail-if-exists
--   {'BLOCKED', value, pttl}  held by another           {'INVALID', value}    not our wire format
--   {'WRONGTYPE', what}  a key holds another Redis type
local key, counter, tag = KEYS[1], KEYS[2], ARGV[1]

-- GET through pcall checks the type for free: only a key of another type makes it fail.
local function read(k)
  local v = redis.pcall('GET', k)
  if type(v) == 'table' and v.err then
    return nil, {'WRONGTYPE', k .. ' is a ' .. redis.call('TYPE', k)['ok']}
  end
  return v, nil
end

-- Python isoformat() text to microseconds since the epoch; nil when it cannot be read.
local function epochMicros(ts)
  local y, mo, d, h, mi, s, rest =
    string.match(ts, '^(%d%d%d%d)-(%d%d)-(%d%d)T(%d%d):(%d%d):(%d%d)(.*)$')
  if not y then return nil end
  local frac = 0
  local digits = string.match(rest, '^%.(%d+)')
  if digits then
    frac = tonumber(string.sub(digits .. '000000', 1, 6))
    rest = string.sub(rest, #digits + 2)
  end
  local offset = 0
  if rest ~= '' and rest ~= 'Z' then
    local sign, oh, om = string.match(rest, '^([+-])(%d%d):(%d%d)')
    if not sign then return nil end
    offset = tonumber(oh) * 3600 + tonumber(om) * 60
    if sign == '-' then offset = -offset end
  end
  -- Days from the civil date (proleptic Gregorian), as in H. Hinnant's days_from_civil.
  y, mo, d = tonumber(y), tonumber(mo), tonumber(d)
  if mo <= 2 then y = y - 1 end
  local era = math.floor(y / 400)
  local yoe = y - era * 400
  local doy = math.floor((153 * ((mo + 9) % 12) + 2) / 5) + d - 1
  local doe = yoe * 365 + math.floor(yoe / 4) - math.floor(yoe / 100) + doy
  local days = era * 146097 + doe - 719468
  local secs = days * 86400 + tonumber(h) * 3600 + tonumber(mi) * 60 + tonumber(s) - offset
  return secs * 1000000 + frac
end

local function serverMicros()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000000 + tonumber(t[2])
end

-- Tokens grow strictly per key. Seeding from the server clock keeps them growing even when the
-- counter was lost (expired, or a restart without persistence), as long as that clock does not
-- step back further than the counter's lifetime.
local function take()
  local stored, wrong = read(counter)
  if wrong then return wrong end
  local now = serverMicros()
  local last = tonumber(stored or '0') or 0
  local token = last + 1
  if now > token then token = now end
  redis.call('SET', counter, string.format('%.0f', token), 'PX', ARGV[6])
  redis.call('SET', key, tag .. ',0', 'PX', ARGV[2])
  return {'ACQUIRED', token}
end

local value, wrong = read(key)
if wrong then return wrong end
if not value then return take() end

local uuid, ts, state = string.match(value, '^([^,]+),([^,]+),([^,]+)$')
if not uuid or (state ~= '0' and state ~= '1') then
  return {'INVALID', value}
end

if state == '0' and uuid .. ',' .. ts == tag then
  local stored = read(counter)
  return {'OURS', tonumber(stored or '0') or 0}
end
if ARGV[4] == '1' then
  return {'EXISTS', value}
end
if state == '1' then
  if ARGV[5] == '1' then return {'COMPUTED', value} end
  return take()
end

-- BLOCKED by another tag. A holder with a lease keeps a TTL of at most the max block time; a key
-- without one (the Python original sets an hour ahead; a plain SET sets none) is taken over only
-- once its tag is older than the max block time, measured on the server's clock.
local pttl = redis.call('PTTL', key)
local maxBlock = tonumber(ARGV[3])
if pttl == -1 or pttl > maxBlock then
  local created = epochMicros(ts)
  if created and serverMicros() - created > maxBlock * 1000 then
    return take()
  end
end
return {'BLOCKED', value, pttl}

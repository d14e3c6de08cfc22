-- (included) A new fencing token as `token`, from the counter at `counter`: INCRBY 2, which keeps its
-- expiry, so tokens grow strictly per key. A missing counter (new key, expired, or lost in a
-- restart without persistence) is seeded from the server clock, so tokens keep growing across its
-- loss as long as that clock does not step back further than the counter's lifetime: three times
-- the max block time `maxBlockArg` (ms), at least an hour.
-- The counter's parity tells whether the key's waiting queue may exist: odd when it may, even when
-- it does not (see enqueue), so that an attempt on a free key asks for the queue only when it is
-- odd. A seed takes the parity of the key's queue (named from `counter`; none when `fair` is false,
-- for an unfair lock: even).
-- INCRBY is the step's first write: if Redis refuses it (out of memory, a read-only replica),
-- nothing is written, and the refusal is answered as it is.
local token = redis.pcall('INCRBY', counter, 2)
if type(token) == 'table' then
  if string.sub(token.err, 1, 9) == 'WRONGTYPE' then
    return {'WRONGTYPE', counter .. ' is not a counter: ' .. token.err}
  end
  return {'REFUSED', token.err}
end
if token == 2 then
  local t = redis.call('TIME')
  token = tonumber(t[1]) * 2000000 + tonumber(t[2]) * 2
  if fair and redis.call('EXISTS', string.sub(counter, 1, -6) .. 'queue') == 1 then
    token = token + 1
  end
  redis.call('SET', counter, string.format('%.0f', token), 'PX',
    string.format('%.0f', math.max(3 * tonumber(maxBlockArg), 3600000)))
end

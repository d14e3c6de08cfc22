-- (included) A new fencing token as `token`, from the counter at `counter`: INCR, which keeps its
-- expiry, so tokens grow strictly per key. A missing counter (new key, expired, or lost in a
-- restart without persistence) is seeded from the server clock, so tokens keep growing across its
-- loss as long as that clock does not step back further than the counter's lifetime: three times
-- the max block time `maxBlockArg` (ms), at least an hour.
-- INCR is the step's first write: if Redis refuses it (out of memory, a read-only replica),
-- nothing is written, and the refusal is answered as it is.
local token = redis.pcall('INCR', counter)
if type(token) == 'table' then
  if string.sub(token.err, 1, 9) == 'WRONGTYPE' then
    return {'WRONGTYPE', counter .. ' is not a counter: ' .. token.err}
  end
  return {'REFUSED', token.err}
end
if token == 1 then
  local t = redis.call('TIME')
  token = tonumber(t[1]) * 1000000 + tonumber(t[2])
  redis.call('SET', counter, string.format('%.0f', token), 'PX',
    string.format('%.0f', math.max(3 * tonumber(maxBlockArg), 3600000)))
end

-- (included) The server's clock as `now` (ms) and `micros` (µs, as text): queue entries expire on
-- it, queue places are ordered by it, and a grant names it so that its waiter can bound the
-- grant's age on its own monotonic clock.
local t = redis.call('TIME')
local micros = t[1] .. string.format('%06d', tonumber(t[2]))
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)

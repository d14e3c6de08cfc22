-- Read a lock key and its fencing counter without changing anything.
-- KEYS[1] lock key   KEYS[2] fencing counter
-- Reply: {type of the key, value or nil, PTTL of the key, counter or nil}
local kind = redis.call('TYPE', KEYS[1])['ok']
local value = false
if kind == 'string' then value = redis.call('GET', KEYS[1]) end
local fence = false
if redis.call('TYPE', KEYS[2])['ok'] == 'string' then fence = redis.call('GET', KEYS[2]) end
return {kind, value, redis.call('PTTL', KEYS[1]), fence}

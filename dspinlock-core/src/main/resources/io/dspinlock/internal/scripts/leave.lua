-- A fair waiter that gives up leaves the key's queue at once. A grant that reached it meanwhile is
-- its lock now, taken up with its lease: the caller holds it (and releases it if it no longer
-- wants it), so that a grant is never left to expire unused.
-- KEYS[1] lock key   KEYS[2] fencing counter (the queue's keys are named from it)
-- ARGV[1] our BLOCKED value   ARGV[2] lease, ms
-- Replies: 0 left | {'OURS', token} granted before leaving: held
local prefix = string.sub(KEYS[2], 1, -6)
redis.call('ZREM', prefix .. 'queue', ARGV[1])
redis.call('HDEL', prefix .. 'waiters', ARGV[1])
redis.call('DEL', prefix .. 'inbox:' .. ARGV[1]) -- a grant's announcement, if unread
local value = redis.pcall('GET', KEYS[1])
if value ~= ARGV[1] then return 0 end
redis.call('PEXPIRE', KEYS[1], ARGV[2])
local stored = redis.pcall('GET', KEYS[2])
if type(stored) == 'table' then stored = false end
return {'OURS', tonumber(stored or '0') or 0}

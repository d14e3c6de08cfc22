-- (included) The value at KEYS[1] as `value`, false when absent. GET through pcall tells a string
-- from another Redis type for free: any other type answers WRONGTYPE, and nothing is written.
local key = KEYS[1]
local value = redis.pcall('GET', key)
if type(value) == 'table' then
  return {'WRONGTYPE', key .. ' is a ' .. redis.call('TYPE', key)['ok']}
end

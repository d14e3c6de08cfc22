-- (included) `released`: whether `value` is `mine`, our BLOCKED value, turned COMPUTED (the state is
-- the value's last byte, '1'), as a retried release that had landed leaves it.
local released = #value == #mine and string.byte(value, -1) == 49
  and string.sub(value, 1, -2) == string.sub(mine, 1, -2)

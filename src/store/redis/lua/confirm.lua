-- Confirms decisions whose commit this instance saw answered in time (ARGV[3..]: session|intent):
-- their callers got the signature, so a duplicate on any instance may get it too. A decision
-- committed but never confirmed (its reply came too late, or its instance died first) is never
-- handed out again; an uncertain one is voided instead (void.lua).
local r = refuse()
if r then return r end
local D = G .. ':d'
for j = 3, #ARGV do
  local v = redis.call('HGET', D, ARGV[j])
  if v and string.sub(v, 1, 2) == 'p:' then redis.call('HSET', D, ARGV[j], string.sub(v, 3)) end
end
return {'ok'}

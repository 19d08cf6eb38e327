-- Voids intents whose commit had an unknown outcome (ARGV[4..]: session|intent): whatever landed,
-- no instance signs them again. A decision that did land keeps its audit record. ARGV[3]: deadline.
local r = refuse()
if r then return r end
if now_ms() > tonumber(ARGV[3]) then return {'expired'} end
local D = G .. ':d'
for j = 4, #ARGV do
  local v = redis.call('HGET', D, ARGV[j])
  if not v then redis.call('HSET', D, ARGV[j], 'void')
  elseif string.sub(v, 1, 4) ~= 'void' then redis.call('HSET', D, ARGV[j], 'void:' .. v) end
end
return {'ok'}

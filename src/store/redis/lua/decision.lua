-- The recorded decision of one intent (ARGV[3]: session|intent): its seq, audit record and whether
-- the instance that made it confirmed its caller was answered ('1', or '0': not yet, or never);
-- 'void' for an intent whose earlier commit had an unknown outcome; or nothing.
local r = refuse()
if r then return r end
local v = redis.call('HGET', G .. ':d', ARGV[3])
if not v then return {'ok', ''} end
if string.sub(v, 1, 4) == 'void' then return {'ok', 'void'} end
local confirmed = '1'
if string.sub(v, 1, 2) == 'p:' then
  v = string.sub(v, 3)
  confirmed = '0'
end
local e = redis.call('XRANGE', A, '0-' .. v, '0-' .. v)
if not e[1] then return {'lost', A .. ' record ' .. v} end
return {'ok', v, e[1][2], confirmed}

-- probe.lua, and proof that writes work again (after a refused write, e.g. out of memory). ARGV[3]:
-- deadline on this server's clock: arriving later, it writes nothing.
local r = refuse()
if r then return r end
local now = now_ms()
if now > tonumber(ARGV[3]) then return {'expired'} end
redis.call('HSET', H, 'probe_ms', now)
local h = redis.call('HMGET', H, 'seq', 'hash', 'epoch', 'xver')
local t = redis.call('TIME')
return {'ok', h[1], h[2], h[3], h[4], t[1], t[2]}

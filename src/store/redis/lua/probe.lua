-- Whether this instance can go on: generation, structures, the head, and this server's clock.
local r = refuse()
if r then return r end
local h = redis.call('HMGET', H, 'seq', 'hash', 'epoch', 'xver')
local t = redis.call('TIME')
return {'ok', h[1], h[2], h[3], h[4], t[1], t[2]}

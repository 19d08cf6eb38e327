-- The head now, and up to ARGV[4] records after seq ARGV[3]: what other instances appended since
-- this one last looked (mirrors replay them in order).
local r = refuse()
if r then return r end
local h = redis.call('HMGET', H, 'seq', 'hash', 'epoch', 'xver')
local records = {}
if tonumber(h[1]) > tonumber(ARGV[3]) then
  records = redis.call('XRANGE', A, '(0-' .. ARGV[3], '0-' .. h[1], 'COUNT', ARGV[4])
end
return {'ok', h[1], h[2], h[3], h[4], records}

-- A page of the audit log: up to ARGV[5] records from seq ARGV[3] ('asc') or back from it ('desc',
-- ARGV[4]), and the head, so a reader knows where the log ends.
local r = refuse()
if r then return r end
local h = redis.call('HMGET', H, 'seq', 'hash')
local page
if ARGV[4] == 'desc' then
  page = redis.call('XREVRANGE', A, '0-' .. ARGV[3], '-', 'COUNT', ARGV[5])
else
  page = redis.call('XRANGE', A, '0-' .. ARGV[3], '+', 'COUNT', ARGV[5])
end
return {'ok', h[1], h[2], page}

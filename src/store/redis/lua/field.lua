-- One field of one structure (ARGV[3]: 'g' pending grants or 'm' meta; ARGV[4]: the field).
local r = refuse()
if r then return r end
return {'ok', redis.call('HGET', G .. ':' .. ARGV[3], ARGV[4]) or false}

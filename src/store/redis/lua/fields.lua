-- Every field of one structure but its sentinel (ARGV[3]: 'g' pending grants or 'ix' the index).
local r = refuse()
if r then return r end
return {'ok', redis.call('HGETALL', G .. ':' .. ARGV[3])}

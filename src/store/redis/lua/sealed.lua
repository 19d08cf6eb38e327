-- One sealed key blob (ARGV[3]: the wallet's sealed-key hash, ARGV[4]: the name). The hash shares
-- the wallet's tag (one slot); it is read only while the store's generation is intact.
local r = refuse()
if r then return r end
return {'ok', redis.call('HGET', ARGV[3], ARGV[4]) or false}

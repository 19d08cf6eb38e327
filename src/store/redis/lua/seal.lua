-- Writes the wallet's sealed-key hash (ARGV[3]). ARGV[4] 'put': store the blob ARGV[6] under the
-- name ARGV[5] unless it has one, and reply with the blob that holds the name now (first wins, on
-- every instance). 'del': delete the name.
local r = refuse()
if r then return r end
if ARGV[4] == 'put' then
  redis.call('HSETNX', ARGV[3], ARGV[5], ARGV[6])
  return {'ok', redis.call('HGET', ARGV[3], ARGV[5])}
end
redis.call('HDEL', ARGV[3], ARGV[5])
return {'ok', false}

-- Whether this instance can go on: generation, structures, the head, and this server's clock.
local r = refuse()
if r then return r end
-- Every session the index names must still have its record (an evicted one reads as lost, not
-- as "no session"): checked here, off the signing path, for every session of the wallet.
local ix = redis.call('HGETALL', G .. ':ix')
for j = 1, #ix, 2 do
  if string.sub(ix[j], 1, 2) == 's:' and redis.call('EXISTS', G .. ':s:' .. string.sub(ix[j], 3)) == 0 then
    return {'lost', G .. ':s:' .. string.sub(ix[j], 3)}
  end
end
local h = redis.call('HMGET', H, 'seq', 'hash', 'epoch', 'xver')
local t = redis.call('TIME')
return {'ok', h[1], h[2], h[3], h[4], t[1], t[2]}

-- What an instance loads at open, read together: the head (seq, hash, kill epoch, exposure
-- version), the kill switches, every session with its spent calls, and this server's clock.
local r = refuse()
if r then return r end
local h = redis.call('HMGET', H, 'seq', 'hash', 'epoch', 'xver')
local sessions = {}
local ix = redis.call('HGETALL', G .. ':ix')
for j = 1, #ix, 2 do
  local field = ix[j]
  if string.sub(field, 1, 2) == 's:' then
    local S = G .. ':s:' .. string.sub(field, 3)
    local s = redis.call('HMGET', S, 'j', 'c', 'u', 'r', 'rr')
    if not s[1] then return {'lost', S} end
    sessions[#sessions + 1] = s
  end
end
local t = redis.call('TIME')
return {'ok', h[1], h[2], h[3], h[4], redis.call('HGETALL', G .. ':k'), sessions, t[1], t[2], redis.call('HGET', G .. ':m', 'opened_at_ms') or ''}

-- The one atomic step of every write: a batch of entries (decisions, audit records, session and
-- kill-switch changes, meta) appended to the audit chain in order. The chain's hashes are SHA-256,
-- computed by the instance (Lua has none): the batch applies only if the stored head is the one the
-- instance chained on (optimistic append). Each entry re-checks what it depends on; the first that
-- fails stops the batch and every entry before it stays committed (a prefix commit).
-- ARGV[3]: deadline on this server's clock (ms) — a batch that arrives later (a client timed out,
-- Redis was stopped) changes nothing. ARGV[4], ARGV[5]: expected head seq and hash. ARGV[6]: the
-- channel told of every new head. ARGV[7]: number of confirmations, then the decisions they confirm
-- (session|intent, as confirm.lua: applied whatever happens to the batch, deadline and head
-- included — their callers were answered); then the number of entries, then the entries (see
-- createRedisWriteQueue).
local r = refuse()
if r then return r end
local D, IX, K, GR, X, M = G .. ':d', G .. ':ix', G .. ':k', G .. ':g', G .. ':x', G .. ':m'
-- The pending grants' expiry times (a sorted set, no sentinel: losing it only delays pruning, since
-- an expired grant is refused when redeemed and the count of held grants stays capped).
local GX = G .. ':gx'
local nc = tonumber(ARGV[7])
for j = 8, 7 + nc do
  local v = redis.call('HGET', D, ARGV[j])
  if v and string.sub(v, 1, 2) == 'p:' then redis.call('HSET', D, ARGV[j], string.sub(v, 3)) end
end
local now = now_ms()
if now > tonumber(ARGV[3]) then return {'expired'} end
local h = redis.call('HMGET', H, 'seq', 'hash', 'epoch', 'xver')
if h[1] ~= ARGV[4] or h[2] ~= ARGV[5] then return {'head', h[1], h[2], h[3], h[4]} end
local seq, head, epoch, xver = tonumber(h[1]), h[2], tonumber(h[3]), tonumber(h[4])

local i = 9 + nc
local function arg()
  local v = ARGV[i]
  i = i + 1
  return v
end
local function args(n)
  local t = {}
  for j = 1, n do t[j] = arg() end
  return t
end

-- Appends the entry's record (at, kind, payload, hash follow in ARGV) with fields mirrors replay.
local function append(extra)
  local at, kind, payload, hash = arg(), arg(), arg(), arg()
  local cmd = {'XADD', A, '0-' .. (seq + 1), 'a', at, 'k', kind, 'p', payload, 'v', head, 'h', hash, 't', now}
  for _, v in ipairs(extra) do cmd[#cmd + 1] = v end
  local ok = redis.pcall(unpack(cmd))
  if type(ok) == 'table' and ok.err then return false end
  seq = seq + 1
  head = hash
  return true
end

local function revoke(ids, at, reason)
  for _, id in ipairs(ids) do
    local S = G .. ':s:' .. id
    if redis.call('HGET', S, 'r') == '' then redis.call('HSET', S, 'r', at, 'rr', reason) end
  end
end

local committed = 0
local function finish(reply)
  if committed > 0 then
    redis.call('HSET', H, 'seq', seq, 'hash', head, 'epoch', epoch, 'xver', xver)
    redis.call('PUBLISH', ARGV[6], ARGV[1] .. ' ' .. seq)
  end
  return reply
end
local function stop(k, why)
  return finish({'stop', k, why, tostring(seq), head, tostring(epoch), tostring(xver)})
end
local function broken(k)
  return finish({'lost', A .. ' (refused the next record)', k})
end

local n = tonumber(ARGV[8 + nc])
for k = 1, n do
  local ty = arg()
  if ty == 'D' then
    -- A decision: the session's record exists and is not revoked, its spent calls, the kill epoch
    -- and the exposure version are what the decision saw, and the intent has no decision (nor an
    -- uncertain, voided one) yet. (Its lifetime is immutable: the guard judged it at the
    -- decision's time, which this record carries.)
    local sid, iid, calls, ep, xv = arg(), arg(), arg(), arg(), arg()
    local at = ARGV[i]
    local S = G .. ':s:' .. sid
    local s = redis.call('HMGET', S, 'c', 'r')
    local dk = sid .. '|' .. iid
    if not s[1] then
      if redis.call('HEXISTS', IX, 's:' .. sid) == 1 then return finish({'lost', S, k - 1}) end
      return stop(k, 'session')
    end
    local decided = redis.call('HGET', D, dk)
    if decided then return stop(k, 'decided:' .. decided) end
    if s[2] ~= '' then return stop(k, 'revoked') end
    if tonumber(s[1]) ~= tonumber(calls) then return stop(k, 'calls') end
    if epoch ~= tonumber(ep) then return stop(k, 'epoch') end
    if xv ~= '' and xver ~= tonumber(xv) then return stop(k, 'exposure') end
    if not append({'x', xv ~= '' and '1' or '0', 's', sid, 'i', iid}) then return broken(k - 1) end
    redis.call('HINCRBY', S, 'c', 1)
    redis.call('HSET', S, 'u', at)
    -- 'p:<seq>' until the instance that made it confirms its caller was answered (confirm.lua).
    redis.call('HSET', D, dk, 'p:' .. seq)
    if xv ~= '' then
      xver = xver + 1
      redis.call('HSET', X, iid, now)
    end
  elseif ty == 'A' then
    if not append({'x', '0'}) then return broken(k - 1) end
  elseif ty == 'L' then
    -- A release: the order must hold a claim (however old: age alone ends none).
    local iid = arg()
    if redis.call('HEXISTS', X, iid) == 0 then return stop(k, 'none') end
    if not append({'x', '1', 'i', iid}) then return broken(k - 1) end
    redis.call('HDEL', X, iid)
    xver = xver + 1
  elseif ty == 'V' then
    local effect, reason, at, ids = arg(), arg(), arg(), nil
    ids = args(tonumber(arg()))
    if not append({'x', '0', 'r', effect}) then return broken(k - 1) end
    revoke(ids, at, reason)
    epoch = epoch + 1
  elseif ty == 'K' then
    local field, record, effect, at, ids = arg(), arg(), arg(), arg(), nil
    ids = args(tonumber(arg()))
    if not append({'x', '0', 'kr', record, 'r', effect}) then return broken(k - 1) end
    redis.call('HSET', K, field, record)
    revoke(ids, at, 'kill_switch')
    epoch = epoch + 1
  elseif ty == 'G' then
    -- Kept as '<seq of its record> <json>': listing pending grants keeps the order they were saved in.
    -- First the grants that expired before the cutoff are pruned (a bounded number per save), then a
    -- grant is refused ('full') while the maximum is held.
    local gid, grant, expires, cutoff, maxPending = arg(), arg(), arg(), arg(), tonumber(arg())
    local old = redis.call('ZRANGEBYSCORE', GX, '-inf', '(' .. cutoff, 'LIMIT', 0, 256)
    for _, id in ipairs(old) do redis.call('HDEL', GR, id) end
    if #old > 0 then redis.call('ZREM', GX, unpack(old)) end
    if redis.call('HLEN', GR) - 1 >= maxPending then return stop(k, 'full') end
    if not append({'x', '0'}) then return broken(k - 1) end
    redis.call('HSET', GR, gid, seq .. ' ' .. grant)
    redis.call('ZADD', GX, expires, gid)
  elseif ty == 'I' then
    -- A session is issued from a pending grant, once: two instances cannot redeem the same grant.
    local sid, cred, json, calls, used, revokedAt, revokeReason, gid = arg(), arg(), arg(), arg(), arg(), arg(), arg(), arg()
    if redis.call('HEXISTS', GR, gid) == 0 then return stop(k, 'grant') end
    if redis.call('HEXISTS', IX, 's:' .. sid) == 1 then return stop(k, 'exists') end
    if not append({'x', '0', 'sj', json}) then return broken(k - 1) end
    redis.call('HDEL', GR, gid)
    redis.call('ZREM', GX, gid)
    redis.call('HSET', G .. ':s:' .. sid, 'j', json, 'c', calls, 'u', used, 'r', revokedAt, 'rr', revokeReason)
    redis.call('HSET', IX, 's:' .. sid, cred, 'c:' .. cred, sid)
  elseif ty == 'X' then
    -- Discarding pending grants: exactly the ones the instance listed in the audit record.
    local ids = args(tonumber(arg()))
    if redis.call('HLEN', GR) - 1 ~= #ids then return stop(k, 'changed') end
    for _, id in ipairs(ids) do
      if redis.call('HEXISTS', GR, id) == 0 then return stop(k, 'changed') end
    end
    if not append({'x', '0'}) then return broken(k - 1) end
    for _, id in ipairs(ids) do
      redis.call('HDEL', GR, id)
      redis.call('ZREM', GX, id)
    end
  elseif ty == 'M' then
    local key, value = arg(), arg()
    redis.call('HSET', M, key, value)
  else
    return finish({'lost', 'unknown entry type ' .. tostring(ty), k - 1})
  end
  committed = k
end
return finish({'ok', n, tostring(seq), head, tostring(epoch), tostring(xver)})

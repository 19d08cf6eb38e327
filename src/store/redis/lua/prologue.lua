-- Shared by every script (prepended by redisScripts.ts).
-- KEYS[1]: the wallet's generation marker. ARGV[1]: the generation this instance opened, ARGV[2]:
-- that generation's key prefix. Every key shares the wallet's hash tag, so a script touches one
-- cluster slot; keys other than the marker are named from the prefix.
local G = ARGV[2]
local H = G .. ':h'
local A = G .. ':a'

-- The marker must name this generation: missing means the data was lost (FLUSHALL, a restart
-- without persistence, eviction), another means an operator re-initialised the store.
local function generation_problem()
  local marker = redis.call('GET', KEYS[1])
  if marker == ARGV[1] then return nil end
  return {'gen', marker or ''}
end

-- Every structure exists from initialisation on and carries a sentinel field, so a key that
-- vanished (evicted, deleted) is told apart from one that was never written: missing data is
-- never read as "not killed", "not revoked" or "nothing spent".
local STRUCTURES = {'d', 'ix', 'k', 'g', 'x', 'm'}
local function lost_structure()
  local seq = redis.call('HGET', H, 'seq')
  if not seq then return H end
  for _, s in ipairs(STRUCTURES) do
    if redis.call('HEXISTS', G .. ':' .. s, '_') == 0 then return G .. ':' .. s end
  end
  if tonumber(seq) > 0 and redis.call('EXISTS', A) == 0 then return A end
  return nil
end

-- Both checks: nil when the script may go on, else the reply to return.
local function refuse()
  local g = generation_problem()
  if g then return g end
  local lost = lost_structure()
  if lost then return {'lost', lost} end
  return nil
end

local function now_ms()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end

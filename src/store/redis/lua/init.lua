-- Creates a generation (explicit operator step): ARGV[1] the new generation, ARGV[2] its prefix,
-- ARGV[3] 'new' (refused when a generation exists) or 'reinitialise', ARGV[4] who, when and why
-- (JSON, kept in the head), ARGV[5] the genesis hash. With ARGV[6..]: the first record (at, kind,
-- payload, hash) and the global kill switch it arms (field, record JSON).
local marker = redis.call('GET', KEYS[1])
if ARGV[3] == 'new' and marker then return {'exists', marker} end
if redis.call('EXISTS', H) == 1 then return {'exists', ARGV[1]} end
for _, s in ipairs(STRUCTURES) do redis.call('HSET', G .. ':' .. s, '_', '1') end
local seq, head, epoch = 0, ARGV[5], 0
if ARGV[6] then
  local t = redis.call('TIME')
  redis.call('XADD', A, '0-1', 'a', ARGV[6], 'k', ARGV[7], 'p', ARGV[8], 'v', head, 'h', ARGV[9], 't', tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000), 'x', '0', 'kr', ARGV[11], 'r', '{"ids":[],"at":' .. ARGV[6] .. ',"reason":"kill_switch"}')
  redis.call('HSET', G .. ':k', ARGV[10], ARGV[11])
  seq, head, epoch = 1, ARGV[9], 1
end
redis.call('HSET', H, 'seq', seq, 'hash', head, 'epoch', epoch, 'xver', 0, 'init', ARGV[4])
redis.call('SET', KEYS[1], ARGV[1])
return {'ok', marker or ''}

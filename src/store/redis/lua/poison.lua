-- An instance found this generation's data incomplete (ARGV[3]: what is missing): the marker is
-- replaced by 'lost:<generation>:<what>', so every instance refuses from now on, not only the one
-- that noticed, until an operator re-initialises the store.
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return {'ok'} end
redis.call('SET', KEYS[1], 'lost:' .. ARGV[1] .. ':' .. ARGV[3])
return {'ok'}

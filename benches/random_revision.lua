-- GETs revisions by number drawn at random from 1..REV_MAX (benches/memory.sh): a working set
-- larger than any cache.
local path, max = os.getenv("REV_PATH"), tonumber(os.getenv("REV_MAX"))
request = function()
  return wrk.format("GET", path .. math.random(1, max))
end

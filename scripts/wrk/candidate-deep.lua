-- A page deep in the unfiltered candidate list: after a random id from IDS_FILE (ids from both
-- ends of the table), to show that paging does not slow down with depth.
local ids = {}
for line in io.lines(os.getenv("IDS_FILE")) do
  if #line > 0 then ids[#ids + 1] = line end
end
local auth = "Bearer " .. os.getenv("TOKEN")
math.randomseed(os.time())

request = function()
  return wrk.format("GET", "/api/v1/candidates?limit=50&after=" .. ids[math.random(#ids)], { ["Authorization"] = auth })
end

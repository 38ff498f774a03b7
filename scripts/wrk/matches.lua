-- GET /api/v1/requisitions/{id}/matches (the top 50, explained) for random open requisitions
-- from REQ_IDS_FILE, with the API token in TOKEN.
local ids = {}
for line in io.lines(os.getenv("REQ_IDS_FILE")) do
  if #line > 0 then ids[#ids + 1] = line end
end
local auth = "Bearer " .. os.getenv("TOKEN")
math.randomseed(os.time())

request = function()
  return wrk.format("GET", "/api/v1/requisitions/" .. ids[math.random(#ids)] .. "/matches",
    { ["Authorization"] = auth })
end

-- GET /api/v1/candidates/{id} for random ids from IDS_FILE, with the API token in TOKEN.
local ids = {}
for line in io.lines(os.getenv("IDS_FILE")) do
  if #line > 0 then ids[#ids + 1] = line end
end
local auth = "Bearer " .. os.getenv("TOKEN")
math.randomseed(os.time())

request = function()
  return wrk.format("GET", "/api/v1/candidates/" .. ids[math.random(#ids)], { ["Authorization"] = auth })
end

-- GET /api/v1/search for words recruiters type, with the API token in TOKEN: the CPU-heavy load
-- that runs beside the page measurement.
local words = { "beaker", "epic", "cerner", "clindoc", "interface", "go-live", "analyst", "hl7",
                "pathnet", "radiology", "revenue cycle", "security" }
local auth = "Bearer " .. os.getenv("TOKEN")
math.randomseed(os.time())

request = function()
  local q = words[math.random(#words)]:gsub(" ", "%%20")
  return wrk.format("GET", "/api/v1/search?q=" .. q, { ["Authorization"] = auth })
end

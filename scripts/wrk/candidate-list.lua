-- The first page of a filtered candidate list: a state and a skill, varied per request.
local states = { "TX", "CA", "NY", "FL", "IL", "OH", "PA", "GA", "NC", "MN", "WI", "MA" }
local skills = { "epic.clindoc", "epic.ambulatory", "epic.cadence", "epic.resolute_hb", "hl7.v2", "sql",
                 "oracle_health.powerchart", "vmware", "epic.beaker_cp", "citrix" }
local auth = "Bearer " .. os.getenv("TOKEN")
math.randomseed(os.time())

request = function()
  local path = "/api/v1/candidates?limit=50&state=" .. states[math.random(#states)]
    .. "&skill=" .. skills[math.random(#skills)]
  return wrk.format("GET", path, { ["Authorization"] = auth })
end

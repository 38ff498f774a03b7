-- The recruiter's filtered candidate list page (HTML): a state and a skill, varied per request,
-- signed in with the session cookie in SESSION.
local states = { "TX", "CA", "NY", "FL", "IL", "OH", "PA", "GA", "NC", "MN", "WI", "MA" }
local skills = { "epic.clindoc", "epic.ambulatory", "epic.cadence", "epic.resolute_hb", "hl7.v2", "sql",
                 "oracle_health.powerchart", "vmware", "epic.beaker_cp", "citrix" }
local cookie = "hitstaff_session=" .. os.getenv("SESSION")
math.randomseed(os.time())

request = function()
  local path = "/candidates?state=" .. states[math.random(#states)] .. "&skill=" .. skills[math.random(#skills)]
  return wrk.format("GET", path, { ["Cookie"] = cookie })
end

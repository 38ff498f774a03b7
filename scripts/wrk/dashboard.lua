-- GET / (the recruiter's dashboard page), signed in with the session cookie in SESSION.
local cookie = "hitstaff_session=" .. os.getenv("SESSION")

request = function()
  return wrk.format("GET", "/", { ["Cookie"] = cookie })
end

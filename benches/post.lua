-- POSTs the sample 2021 report as a new revision, again and again (benches/serve.sh).
local f = assert(io.open(os.getenv("POST_BODY"), "rb"))
wrk.method = "POST"
wrk.body = f:read("*a")
f:close()
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("POST_TOKEN")


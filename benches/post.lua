-- POSTs the sample 2021 report as a new revision, again and again (benches/serve.sh).
local f = assert(io.open(os.getenv("POST_BODY"), "rb"))
wrk.method = "POST"
wrk.body = f:read("*a")
f:close()
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("POST_TOKEN")

-- With POST_COUNT, each wrk thread stops after that many answers (benches/memory.sh).
local limit = tonumber(os.getenv("POST_COUNT") or "0")
local answered = 0
function response(status, headers, body)
  answered = answered + 1
  if limit > 0 and answered >= limit then
    wrk.thread:stop()
  end
end

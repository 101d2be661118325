-- wrk script for the `listen` benchmark (README, "Watching live handover traffic"):
-- every request POSTs the same 1 KB cognigy-webhook payload.
local file = assert(io.open("examples/bench/webhook-1k.json", "rb"))
wrk.method = "POST"
wrk.body = file:read("*a")
wrk.headers["Content-Type"] = "application/json"
file:close()

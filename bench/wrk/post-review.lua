-- POSTs one AdmissionReview on every request, as the API server does:
--   wrk -s post-review.lua https://127.0.0.1:PORT/validate -- review.json
local request_bytes

function init(args)
  local file = assert(io.open(args[1], "rb"))
  local body = file:read("*a")
  file:close()
  request_bytes = wrk.format("POST", nil, { ["Content-Type"] = "application/json" }, body)
end

function request()
  return request_bytes
end

-- wrk script: cycle through the public pages and the API; count every status and
-- any response that shows a Python traceback. Paths come from LOADTEST_PATHS
-- (one per line in the file named by the environment variable).
local paths = {}
local file = io.open(os.getenv("LOADTEST_PATHS"), "r")
for line in file:lines() do
  if line ~= "" then paths[#paths + 1] = line end
end
file:close()

local threads = {}
function setup(thread)
  thread:set("id", #threads + 1)
  threads[#threads + 1] = thread
end

-- Globals of each thread's Lua state, read back with thread:get() in done().
counter = 0
statuses = {}
tracebacks = 0

function init(args)
  counter = math.random(#paths)
end

function request()
  counter = counter % #paths + 1
  return wrk.format("GET", paths[counter])
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
  if body and string.find(body, "Traceback (most recent call last)", 1, true) then
    tracebacks = tracebacks + 1
  end
end

function done(summary, latency, requests)
  local totals, tb = {}, 0
  for _, thread in ipairs(threads) do
    for code, count in pairs(thread:get("statuses") or {}) do
      totals[code] = (totals[code] or 0) + count
    end
    tb = tb + (tonumber(thread:get("tracebacks")) or 0)
  end
  local parts = {}
  for code, count in pairs(totals) do parts[#parts + 1] = code .. "=" .. count end
  table.sort(parts)
  local e = summary.errors
  io.write(string.format("RESULT requests=%d socket_errors=%d (connect=%d,read=%d,write=%d,"
    .. "timeout=%d) statuses=%s tracebacks=%d p50_ms=%.1f p99_ms=%.1f rps=%.1f\n",
    summary.requests, e.connect + e.read + e.write + e.timeout,
    e.connect, e.read, e.write, e.timeout,
    table.concat(parts, ","), tb,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.requests / (summary.duration / 1e6)))
end

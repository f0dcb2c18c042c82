-- Rotates over the request paths in the file named by the first script argument; an optional second
-- argument is a Cookie header (a signed-in subscriber). Prints one JSON line of results at the end.
local paths = {}
local cookie = nil
local i = 0

function init(args)
  for line in io.lines(args[1]) do
    if #line > 0 then paths[#paths + 1] = line end
  end
  cookie = args[2]
  i = math.random(#paths)
end

function request()
  i = i % #paths + 1
  local headers = {}
  if cookie then headers["Cookie"] = cookie end
  return wrk.format("GET", paths[i], headers)
end

function done(summary, latency, requests)
  io.write(string.format(
    '{"requests":%d,"seconds":%.3f,"rps":%.1f,"errors":%d,"non2xx":%d,"p50":%.3f,"p90":%.3f,"p95":%.3f,"p99":%.3f,"max":%.3f}\n',
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.errors.status,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end

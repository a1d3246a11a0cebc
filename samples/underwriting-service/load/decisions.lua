-- wrk script: POST /v1/decisions for applicants the models never trained on (ids 5, 10, ...,
-- 30000), one request in ten for an applicant the cache does not know, credit limits of 10,000
-- to 500,000. RATE (requests/s over all connections; 0 or unset: as fast as the server answers)
-- paces each connection with delay(): wrk then waits CONNECTIONS * 1000 / RATE ms before each
-- request on a connection. Latency is measured from when a request is written, so a slow answer
-- delays the next request instead of showing as its queueing time: no coordinated-omission
-- correction (Debian's wrk has no wrk2 -R mode).
local rate = tonumber(os.getenv("RATE") or "0")
local connections = tonumber(os.getenv("CONNECTIONS") or "1")
local threads = {}
local counter = 0

function setup(thread)
  table.insert(threads, thread)
  thread:set("seed", #threads)
end

function init(args)
  math.randomseed(seed * 7919)
end

function request()
  counter = counter + 1
  local applicant
  if counter % 10 == 0 then
    applicant = 900000 + math.random(1, 99999)
  else
    applicant = 5 * math.random(1, 6000)
  end
  local body = string.format('{"applicantId": %d, "fields": {"LIMIT_BAL": %d}}',
    applicant, 10000 * math.random(1, 50))
  return wrk.format("POST", "/v1/decisions", {["Content-Type"] = "application/json"}, body)
end

function delay()
  if rate <= 0 then
    return 0
  end
  return connections * 1000 / rate
end

function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local e = summary.errors
  io.write(string.format(
    "RESULT requests=%d rps=%.0f p50_us=%d p90_us=%d p99_us=%d p999_us=%d max_us=%d"
      .. " non2xx=%d socket_errors=%d\n",
    summary.requests, summary.requests / seconds, latency:percentile(50), latency:percentile(90),
    latency:percentile(99), latency:percentile(99.9), latency.max, e.status,
    e.connect + e.read + e.write + e.timeout))
end

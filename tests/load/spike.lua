-- wrk script for tests/load/spike.py: counts 5xx per thread and prints one JSON line of the run's figures.
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  fivexx = 0
end

function response(status, headers, body)
  if status >= 500 then
    fivexx = fivexx + 1
  end
end

function done(summary, latency, requests)
  local total = 0
  for _, thread in ipairs(threads) do
    total = total + thread:get("fivexx")
  end
  local errors = summary.errors
  io.write(string.format(
    'SPIKE {"requests": %d, "seconds": %.3f, "p50_ms": %.2f, "p95_ms": %.2f, "p99_ms": %.2f, '
      .. '"non_2xx_3xx": %d, "socket_errors": %d, "fivexx": %d}\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, errors.status, errors.connect + errors.read + errors.write + errors.timeout, total
  ))
end

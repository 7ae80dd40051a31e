-- wrk script for the push API load test (bench/README.md "## Ingest"): every request is
-- an NDJSON batch of `lines` new mentions (unique ids, so dedup never short-cuts the work).
-- wrk -t2 -c16 -d20s -s bench/ingest/push_load.lua http://127.0.0.1:8080/v1/mentions
local lines = 1000
local counter = 0
local thread_id = 0
local prefix = ""

function setup(thread)
  thread_id = thread_id + 1
  thread:set("tid", thread_id)
end

function init(args)
  prefix = "w" .. tostring(tid or 0) .. "-" .. tostring(math.random(1, 1e9)) .. "-"
  wrk.method = "POST"
  wrk.headers["Authorization"] = "Bearer load-test-token"
  wrk.headers["Content-Type"] = "application/x-ndjson"
end

function request()
  local parts = {}
  for i = 1, lines do
    counter = counter + 1
    parts[i] = '{"id":"' .. prefix .. counter .. '","brand":"brand' .. (counter % 50) ..
      '","source":"web","channel":"comment","text":"Jeg har ventet i telefonen i 45 minutter, ingen svarer","createdAt":"2025-11-26T18:00:00Z","likes":3}'
  end
  return wrk.format(nil, nil, nil, table.concat(parts, "\n"))
end

local non_200 = 0
function response(status, headers, body)
  if status ~= 200 then non_200 = non_200 + 1 end
end

function done(summary, latency, requests)
  local mentions = summary.requests * lines
  io.write(string.format("requests: %d, errors(status): %d, mentions/s: %.0f, p99 latency: %.1f ms\n",
    summary.requests, summary.errors.status, mentions / (summary.duration / 1e6),
    latency:percentile(99) / 1000))
end

-- Shared by the benchmark's wrk scripts: stop after a request budget, report JSON at the end.
--
-- wrk runs one Lua state per thread; setup() numbers the threads so that each can pick its
-- own lines and make its own post bodies unique.

local M = {}

local thread_states = {}
local next_id = 0

function M.setup(thread)
  thread:set("thread_id", next_id)
  next_id = next_id + 1
  table.insert(thread_states, thread)
end

-- Lines of a file, skipping blanks; each line is tab-separated fields.
function M.read_lines(path)
  local lines = {}
  for line in io.lines(path) do
    if line ~= "" then
      local fields = {}
      for field in string.gmatch(line, "[^\t]+") do table.insert(fields, field) end
      table.insert(lines, fields)
    end
  end
  assert(#lines > 0, "no lines in " .. path)
  return lines
end

-- A request budget per thread: wrk has no request count of its own. When it is spent the
-- thread stops and writes the marker file; bench/run.py then interrupts wrk (SIGINT), which
-- ends the run at once and prints the summary, instead of idling until --duration.
M.limit = 0
M.marker = nil
M.done_count = 0

function M.count_response()
  M.done_count = M.done_count + 1
  if M.limit > 0 and M.done_count == M.limit then
    if M.marker then
      local file = io.open(M.marker, "w")
      if file then file:write("done\n"); file:close() end
    end
    wrk.thread:stop()
  end
end

function M.done(summary, latency, requests)
  local errors = summary.errors
  local seconds = summary.duration / 1e6
  io.write(string.format(
    'WRK_RESULT {"requests": %d, "seconds": %.3f, "rps": %.2f, "p50_ms": %.2f, "p90_ms": %.2f, "p95_ms": %.2f, '
    .. '"p99_ms": %.2f, "max_ms": %.2f, "mean_ms": %.2f, "bytes": %d, "errors": {"connect": %d, '
    .. '"read": %d, "write": %d, "status": %d, "timeout": %d}}\n',
    summary.requests, seconds, summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000,
    latency.max / 1000, latency.mean / 1000, summary.bytes,
    errors.connect, errors.read, errors.write, errors.status, errors.timeout))
end

return M

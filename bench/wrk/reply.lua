-- POST replies: each line of the file is "path<TAB>cookie header<TAB>CSRF token", one member
-- and one thread per line. Every body is unique, so the duplicate check never folds two.
--   wrk ... -s bench/wrk/reply.lua http://127.0.0.1:8150 -- LINES_FILE [REQUEST_BUDGET MARKER_FILE]
package.path = debug.getinfo(1, "S").source:match("@?(.*/)") .. "?.lua;" .. package.path
local common = require("common")

local lines, position, sent, run_id

setup = common.setup

function init(args)
  lines = common.read_lines(args[1])
  common.limit = tonumber(args[2] or "0")
  common.marker = args[3]
  position = (thread_id or 0) * 7919 % #lines
  sent = 0
  run_id = tostring(os.time())
end

function request()
  position = position % #lines + 1
  sent = sent + 1
  local line = lines[position]
  local body = string.format(
    "Benchmark reply %s-%d-%d: the sponsor moved the milestone again, so we rebaselined.",
    run_id, thread_id or 0, sent)
  local form = "csrfmiddlewaretoken=" .. line[3] .. "&body=" .. body:gsub(" ", "+"):gsub(",", "%%2C"):gsub(":", "%%3A")
  return wrk.format("POST", line[1], {
    ["Cookie"] = line[2],
    ["Content-Type"] = "application/x-www-form-urlencoded",
  }, form)
end

function response(status, headers, body)
  common.count_response()
end

done = common.done

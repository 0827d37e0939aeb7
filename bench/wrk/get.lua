-- GET each line of a file in turn: "path" or "path<TAB>cookie header".
--   wrk ... -s bench/wrk/get.lua http://127.0.0.1:8150 -- LINES_FILE [REQUEST_BUDGET MARKER_FILE]
package.path = debug.getinfo(1, "S").source:match("@?(.*/)") .. "?.lua;" .. package.path
local common = require("common")

local lines, position

setup = common.setup

function init(args)
  lines = common.read_lines(args[1])
  common.limit = tonumber(args[2] or "0")
  common.marker = args[3]
  -- Threads start at different lines so that they do not march in step.
  position = (thread_id or 0) * 7919 % #lines
end

function request()
  position = position % #lines + 1
  local line = lines[position]
  local headers = {}
  if line[2] then headers["Cookie"] = line[2] end
  return wrk.format("GET", line[1], headers)
end

function response(status, headers, body)
  common.count_response()
end

done = common.done

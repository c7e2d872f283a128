-- wrk script of bench/page_speed.py: one page, requested by many signed-in people in turn.
--
--   wrk -t1 -c4 -d10s -s bench/page_speed.lua http://127.0.0.1:PORT -- PATH COOKIE_FILE
--
-- COOKIE_FILE holds one Cookie header per line (session and CSRF cookie of one person).
-- Each request takes the next line, so with 60 people a person's next request comes 59
-- requests later and whatever the server keeps per person is as cold as in real use,
-- where nobody opens the same page many times a second. Every page of a run goes through
-- this script, the peer's pages too, so the client does the same work for all of them.
--
-- A login page or an error is not a measurement: wrk counts 3xx as success, so the
-- script counts every answer other than 200 itself. done() prints one line with the
-- figures page_speed.py reads (times in microseconds), after wrk's own report.

local threads = {}

function setup(thread)
   table.insert(threads, thread)
end

function init(args)
   path = args[1]
   cookies = {}
   for line in io.lines(args[2]) do
      if line ~= "" then
         cookies[#cookies + 1] = line
      end
   end
   if #cookies == 0 then
      error("no cookies in " .. args[2])
   end
   turn = 0
   not_ok = 0
end

function request()
   turn = turn % #cookies + 1
   -- Behind the production proxy every request arrives as HTTPS; without the header
   -- Lernwerk's production settings would redirect to https:// (the peer ignores it).
   return wrk.format("GET", path, {
      ["Cookie"] = cookies[turn],
      ["X-Forwarded-Proto"] = "https",
   })
end

function response(status, headers, body)
   if status ~= 200 then
      not_ok = not_ok + 1
   end
end

function done(summary, latency, requests)
   local not_ok_total = 0
   for _, thread in ipairs(threads) do
      not_ok_total = not_ok_total + thread:get("not_ok")
   end
   local errors = summary.errors
   io.write(string.format(
      "page_speed requests=%d duration_us=%d p50_us=%d p90_us=%d p99_us=%d "
         .. "not_200=%d socket_errors=%d\n",
      summary.requests,
      summary.duration,
      latency:percentile(50),
      latency:percentile(90),
      latency:percentile(99),
      not_ok_total,
      errors.connect + errors.read + errors.write + errors.timeout
   ))
end

"""Driving the platform with wrk (Debian's package): Lua scripts and the parsed summary.

wrk costs little CPU per request, so the figures measure the platform, not the load
generator. Each script prints one JSON line from ``done()``, which is parsed here.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

SUMMARY = """
function done(summary, latency, requests)
  io.write(string.format(
    '{"requests": %d, "seconds": %f, "non2xx": %d, "socket_errors": %d, '
    .. '"p50_ms": %f, "p99_ms": %f}\\n',
    summary.requests, summary.duration / 1e6, summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write
      + summary.errors.timeout,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
"""

# Every request a fresh Idempotency-Key: <run prefix>-<thread>-<counter>.
FRESH_KEYS = """
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end
local counter = 0
function request()
  counter = counter + 1
  local headers = {}
  for name, value in pairs(wrk.headers) do headers[name] = value end
  headers["Idempotency-Key"] = key_prefix .. "-" .. tid .. "-" .. counter
  return wrk.format(nil, nil, headers, nil)
end
"""

# One POST per line of ids_file (thread i takes lines i, i+n, ...), the id as the
# Idempotency-Key and in place of __ID__ in body_template. wrk calls request() once on the
# first thread before the run (to check it) and drops that request: that thread starts one
# step back. A thread that has sent each of its ids asks for /healthz (cheap, and no
# payment) until the bench interrupts wrk: stopping a thread from Lua would drop requests
# still in flight.
EACH_ID = """
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end
local mine, next_index = {}, 1
function init(args)
  local index = 0
  for line in io.lines(ids_file) do
    if index % wrk_threads == tid - 1 then mine[#mine + 1] = line end
    index = index + 1
  end
  if tid == 1 then next_index = 0 end
end
function request()
  local id = mine[math.max(next_index, 1)]
  next_index = next_index + 1
  if id == nil then return wrk.format("GET", "/healthz", {}, nil) end
  local headers = {}
  for name, value in pairs(wrk.headers) do headers[name] = value end
  headers["Idempotency-Key"] = id
  return wrk.format(nil, nil, headers, (string.gsub(body_template, "__ID__", id)))
end
"""


@dataclass(frozen=True)
class WrkResult:
    requests: int
    seconds: float
    non2xx: int
    socket_errors: int
    p50_ms: float
    p99_ms: float

    @property
    def rate(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


def ensure_wrk() -> str:
    """wrk's path, installing Debian's package when it is missing (as ``make bench`` does)."""
    found = shutil.which("wrk")
    if found is None:
        subprocess.run(["apt-get", "update", "-qq"], check=True)
        subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=True)
        found = shutil.which("wrk")
    if found is None:
        raise RuntimeError("wrk is not installed and apt-get could not install it")
    return found


def _lua_string(value: str) -> str:
    return json.dumps(value)  # a JSON string literal is a valid Lua string literal here


async def run_wrk(
    url: str,
    *,
    seconds: float,
    connections: int = 1,
    threads: int = 1,
    method: str = "GET",
    headers: dict[str, str] | None = None,
    body: str | None = None,
    script: str = "",
    variables: dict[str, str | int] | None = None,
    stop_when: Callable[[], Awaitable[bool]] | None = None,
) -> WrkResult:
    """Run wrk against ``url`` and return its summary. ``stop_when`` is polled every 50 ms;
    once it answers True wrk is interrupted (SIGINT: it still prints its summary)."""
    prelude = [f'wrk.method = "{method}"']
    for name, value in (headers or {}).items():
        prelude.append(f"wrk.headers[{_lua_string(name)}] = {_lua_string(value)}")
    if body is not None:
        prelude.append(f"wrk.body = {_lua_string(body)}")
    for name, value in (variables or {}).items():
        literal = str(value) if isinstance(value, int) else _lua_string(value)
        prelude.append(f"{name} = {literal}")
    prelude.append(f"wrk_threads = {threads}")
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as lua:
        lua.write("\n".join([*prelude, script, SUMMARY]))
    try:
        process = await asyncio.create_subprocess_exec(
            ensure_wrk(),
            f"-t{threads}",
            f"-c{connections}",
            f"-d{max(1, round(seconds))}s",
            "--timeout",
            "10s",
            "-s",
            lua.name,
            url,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        communicating = asyncio.ensure_future(process.communicate())
        while stop_when is not None and not communicating.done():
            await asyncio.wait([communicating], timeout=0.05)
            if not communicating.done() and await stop_when():
                with contextlib.suppress(ProcessLookupError):
                    process.send_signal(signal.SIGINT)
                break
        out, err = await communicating
    finally:
        os.unlink(lua.name)
    for line in reversed(out.decode().splitlines()):
        if line.startswith("{"):
            return WrkResult(**json.loads(line))
    raise RuntimeError(f"wrk gave no summary: {out.decode()} {err.decode()}")

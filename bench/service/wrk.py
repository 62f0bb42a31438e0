"""One wrk run, pinned to a core, and what it printed: requests per second, p99, errors."""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

# One script for every workload: the request is set from the environment, and a POST gets a
# name of its own on every request (the generated service refuses a duplicate with a 409).
SCRIPT = """
local method = os.getenv("BENCH_METHOD")
local field = os.getenv("BENCH_NAME_FIELD")
local prefix = os.getenv("BENCH_PREFIX")
local token = os.getenv("BENCH_TOKEN")
wrk.method = method
wrk.path = os.getenv("BENCH_PATH")
wrk.headers["Content-Type"] = "application/json"
if token ~= nil and token ~= "" then
  wrk.headers["Authorization"] = "Bearer " .. token
end
if method == "POST" then
  local counter = 0
  request = function()
    counter = counter + 1
    local body = string.format('{"%s": "%s-%d", "description": "bench"}', field, prefix, counter)
    return wrk.format(nil, nil, nil, body)
  end
end
"""

UNITS = {"us": 1e-3, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    token: str = ""
    name_field: str = "name"  # the field a POST body names its item with


@dataclass(frozen=True)
class Result:
    requests_per_second: float
    p99_ms: float
    errors: int  # non-2xx/3xx answers plus socket errors (connect, read, write, timeout)
    requests: int
    server_cpu_us: float = 0.0  # the server's CPU time per request, which load moves far less


def write_script(directory: Path) -> Path:
    path = directory / "bench.lua"
    path.write_text(SCRIPT, encoding="utf-8")
    return path


def run(
    script: Path,
    base_url: str,
    request: Request,
    *,
    connections: int,
    seconds: float,
    core: int,
    prefix: str,
) -> Result:
    env = {
        "BENCH_METHOD": request.method,
        "BENCH_PATH": request.path,
        "BENCH_TOKEN": request.token,
        "BENCH_NAME_FIELD": request.name_field,
        "BENCH_PREFIX": prefix,
    }
    command = [
        *("taskset", "-c", str(core)),
        *("wrk", "-t1", f"-c{connections}", f"-d{seconds:g}s", "--latency", "--timeout", "10s"),
        *("-s", str(script), base_url),
    ]
    output = subprocess.run(
        command, env=env, capture_output=True, text=True, check=True, timeout=seconds + 60
    ).stdout
    return parse(output)


def parse(output: str) -> Result:
    rps = re.search(r"Requests/sec:\s+([\d.]+)", output)
    count = re.search(r"(\d+) requests in", output)
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s|m)\b", output)
    if rps is None or p99 is None or count is None:
        raise RuntimeError(f"wrk printed no result:\n{output}")
    errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", output))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    errors += int(non_2xx.group(1)) if non_2xx else 0
    p99_ms = float(p99.group(1)) * UNITS[p99.group(2)]
    return Result(float(rps.group(1)), p99_ms, errors, int(count.group(1)))

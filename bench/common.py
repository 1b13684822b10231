"""What every benchmark under bench/ shares: the machine's figures, a gunicorn server, wrk, results.md.

Each benchmark measures its subject and a baseline side by side in one run (interleaved rounds), prints the
figures and the ratio, and replaces its own section of bench/results.md (between `<!-- bench:ID -->` and
`<!-- /bench:ID -->`), so that the other benchmarks' sections stay. Not tests: pytest never collects bench/.

The baselines are served by the same server as the pages (portal/bench_views.py, mounted at /bench/ only when
PORTAL_BENCH=1): a bare view (GET and POST) and a template page of a given size with no queries.
"""

from __future__ import annotations

import contextlib
import os
import platform
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results.md"
PYTHON = sys.executable
HEADER = """# Benchmarks (bench/)

Each section is written by its benchmark; every figure is a ratio against a baseline measured in the same run on
the same machine (the load is recorded beside it). Commands: README, 「性能」.
"""


def machine() -> str:
    """One line: CPU count, load averages, Python, platform, date."""
    one, five, _ = os.getloadavg()
    return (f"{os.cpu_count()} CPU, load {one:.2f}/{five:.2f} (1/5 min), Python {platform.python_version()}, "
            f"{platform.machine()}, {date.today().isoformat()}")


def load_now() -> float:
    return os.getloadavg()[0]


def write_section(key: str, markdown: str) -> str:
    """Replace this benchmark's section of bench/results.md (kept in the order of the keys)."""
    text = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else HEADER
    if not text.startswith(HEADER.splitlines()[0]):
        text = HEADER  # the earlier one-benchmark file: start the shared one
    sections = dict(re.findall(r"<!-- bench:(\S+) -->\n(.*?)<!-- /bench:\1 -->\n", text, flags=re.S))
    sections[key] = markdown.rstrip() + "\n"
    body = "".join(f"\n<!-- bench:{k} -->\n{v}<!-- /bench:{k} -->\n" for k, v in sorted(sections.items()))
    RESULTS.write_text(HEADER + body, encoding="utf-8")
    return markdown


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Server:
    """gunicorn serving config.wsgi on 127.0.0.1 with the bench views mounted; a context manager."""

    env: dict
    workers: int = 2
    threads: int = 1
    port: int = 0
    process: subprocess.Popen | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> Server:
        self.port = self.port or free_port()
        env = {**os.environ, **self.env, "PORTAL_BENCH": "1"}
        env.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost")
        command = [PYTHON, "-m", "gunicorn", "config.wsgi:application", "-c", "gunicorn.conf.py",
                   "--bind", f"127.0.0.1:{self.port}", "--workers", str(self.workers),
                   "--threads", str(self.threads), "--log-level", "warning"]
        self.process = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError):
                with urllib.request.urlopen(self.base + "/bench/bare/", timeout=2) as response:
                    if response.status == 200:
                        return self
            if self.process.poll() is not None:
                raise RuntimeError("gunicorn exited while starting")
            time.sleep(0.3)
        raise RuntimeError("gunicorn did not answer within 60 s")

    def __exit__(self, *exc) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)


@dataclass
class WrkResult:
    rps: float
    p50_ms: float
    p99_ms: float
    non_2xx: int


def _ms(value: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", value).groups()
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def wrk(url: str, connections: int = 16, seconds: int = 5, threads: int = 2,
        headers: dict | None = None, script: str | None = None) -> WrkResult:
    """Run wrk (Debian's package `wrk`) against one URL; requests/s and latency percentiles."""
    if not shutil.which("wrk"):
        raise SystemExit("wrk is needed: apt-get install wrk")
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency"]
    for name, value in (headers or {}).items():
        command += ["-H", f"{name}: {value}"]
    if script:
        command += ["-s", script]
    out = subprocess.run(command + [url], capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p50 = _ms(re.search(r"^\s+50%\s+(\S+)", out, flags=re.M).group(1))  # the distribution's lines, not a Stdev
    p99 = _ms(re.search(r"^\s+99%\s+(\S+)", out, flags=re.M).group(1))
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    return WrkResult(rps, p50, p99, int(bad.group(1)) if bad else 0)


def interleaved(measures: dict, rounds: int = 3) -> dict:
    """Call each measure (name -> function returning a number) once per round, in turn; the medians."""
    seen = {name: [] for name in measures}
    for _ in range(rounds):
        for name, func in measures.items():
            seen[name].append(func())
    return {name: statistics.median(values) for name, values in seen.items()}


def table(header: list[str], rows: list[list]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---:" for _ in header) + "|"]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def verdict(ratio: float, goal: float, at_least: bool) -> str:
    ok = ratio >= goal if at_least else ratio <= goal
    return ("达标 met" if ok else "未达标 NOT met") + f" ({'≥' if at_least else '≤'} {goal})"


def flush_redis(url: str) -> None:
    """Empty the Redis database of `url` (a benchmark's own: nothing of an earlier run is read)."""
    if url:
        import redis

        redis.Redis.from_url(url).flushdb()


def scratch_database(folder: str) -> str:
    """Point DATABASE_URL at a database of this run's own, before django.setup(), so that a benchmark seeds
    committed rows as a deployment has them (PostgreSQL plans queries over uncommitted rows of a long
    transaction many times slower). PostgreSQL: `<database>_scratch_<pid>` created beside DATABASE_URL's database
    and dropped at exit; anything else: SQLite in `folder`. Persistent connections as deployed
    (docker-compose.yml: DB_CONN_MAX_AGE 60) unless the environment says otherwise. Returns the new URL."""
    import atexit
    from urllib.parse import urlsplit

    from tests.production.harness import admin, own_database_url  # the production-shape test's database helpers

    os.environ.setdefault("DB_CONN_MAX_AGE", "60")
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres", "pgsql")):
        os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
        return os.environ["DATABASE_URL"]
    name = f"{urlsplit(url).path.strip('/') or 'bench'}_scratch_{os.getpid()}"

    def drop() -> None:
        from django.db import connections

        connections.close_all()
        admin(url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    admin(url, f'CREATE DATABASE "{name}"')
    atexit.register(drop)
    os.environ["DATABASE_URL"] = own_database_url(url, name)
    return os.environ["DATABASE_URL"]

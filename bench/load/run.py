"""Load test: the Locust scenario of `bench/load/locustfile.py` against `relais serve` on a fresh database.

    .venv/bin/python bench/load/run.py --backend sqlite
    .venv/bin/python bench/load/run.py --backend postgres

Options: `--users 50 --spawn-rate 10 --run-time 2m` (the defaults), `--workers N` (gunicorn processes,
default `WEB_CONCURRENCY` or 2; each has 4 threads), `--port N` (default: a free one), `--note TEXT`
(written at the top of the results, e.g. "machine shared with other jobs"), `--wait MIN,MAX` (think
time of each simulated user, seconds; default 1,5), `--database-url` / `--redis-url` (PostgreSQL
backend; defaults postgres://postgres@127.0.0.1:5432/relais_load and redis://127.0.0.1:6379/14).

For the chosen backend it:

1. makes a fresh temporary VAR_DIR (SQLite database, task queue, static files, logs); for PostgreSQL it
   also drops and recreates the database of `--database-url` (its name must contain "load", and the
   server must be on loopback) and empties the Redis database of `--redis-url` (cache, sessions, queue);
2. compiles the French catalogues, collects the static files (htmx must be in static/vendor: `make
   assets`), migrates and loads the demo data;
3. starts `relais serve` (gunicorn and the task consumer) on 127.0.0.1 with production settings: DEBUG
   off, a random SECRET_KEY, ALLOWED_HOSTS=127.0.0.1. It is plain HTTP on loopback with no TLS proxy in
   front, so the HTTPS-only cookies, the HTTPS redirect and HSTS are turned off; TRUSTED_PROXY_COUNT=1
   as behind a reverse proxy, so each simulated visitor's X-Forwarded-For address counts for the rate
   limits of the public forms (from one address, 50 visitors would hit the limit of 10 an hour);
4. waits for /healthz, runs Locust headless against 127.0.0.1 only, bounded in users and time, then
   stops the server;
5. writes `bench/load/results/<UTC date and time>-<backend>.md` (requests/s, p50/p95/p99 per request
   group, per page and overall, failures, HTTP statuses and errors in the server log, the time spent
   in the server per request from gunicorn's log, the CPU time of the server and of the PostgreSQL
   backends) and prints it.

Locust runs on the same machine and takes CPU from the server: on a busy machine the times measured
by the client grow more than the time spent in the server, hence both figures.

Figures are computed on the steady state, from the moment every simulated user has started (the
mediators have signed in) to the end; the ramp-up before it is reported in one line of its own.
Targets: p95 of the `page` group under 300 ms and no error at 50 concurrent users.
"""

import argparse
import ipaddress
import json
import os
import re
import secrets
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import Counter, defaultdict
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psutil

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"
PYTHON = sys.executable
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/relais_load"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/14"
PAGE_TARGET_MS = 300
ACCESS_LOG_FORMAT = '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" %(D)s'
ACCESS_LINE = re.compile(r'\[([^\]]+)\] "(GET|POST) (\S+) HTTP/1\.[01]" (\d{3}) .* (\d+)$')
STORES = {"sqlite": "SQLite (WAL) and the task queue on SQLite", "postgres": "PostgreSQL and Redis"}


def main() -> None:
    args = parse_args()
    if not (ROOT / "static" / "vendor" / "htmx.min.js").exists():
        sys.exit("static/vendor/htmx.min.js is missing: run `make assets` first.")
    var_dir = Path(tempfile.mkdtemp(prefix=f"relais-load-{args.backend}-"))
    port = args.port or free_port()
    env = server_environment(args, var_dir, port)
    try:
        if args.backend == "postgres":
            reset_postgres(args.database_url)
            reset_redis(args.redis_url)
        prepare(env, var_dir)
        outcome = run_load(args, env, var_dir, port)
    finally:
        if not args.keep:
            shutil.rmtree(var_dir, ignore_errors=True)
    text = report(args, outcome)
    RESULTS.mkdir(exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y-%m-%d-%H%M")
    target = RESULTS / f"{stamp}-{args.backend}.md"
    target.write_text(text, encoding="utf-8")
    print(text)
    print(f"Written to {target.relative_to(ROOT)}")


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--backend", choices=["sqlite", "postgres"], required=True)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--spawn-rate", type=float, default=10)
    parser.add_argument("--run-time", default="2m")
    parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", "2")))
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--wait", default="1,5")
    parser.add_argument("--note", default="")
    parser.add_argument("--database-url", default=DEFAULT_DATABASE_URL)
    parser.add_argument("--redis-url", default=DEFAULT_REDIS_URL)
    parser.add_argument("--keep", action="store_true", help="keep the temporary VAR_DIR (logs) afterwards")
    return parser.parse_args()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def require_loopback(url: str) -> None:
    host = urlsplit(url).hostname or ""
    if host != "localhost" and not ipaddress.ip_address(host).is_loopback:
        sys.exit(f"{url}: the load test only runs against services on loopback.")


def server_environment(args, var_dir: Path, port: int) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key not in {"DATABASE_URL", "REDIS_URL"}}
    for name in ("RELAIS_TESTING", "HUEY_IMMEDIATE", "TEST_DATABASE_NAME", "MEDIA_ROOT", "BACKUP_DIR"):
        env.pop(name, None)
    env.update(
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1",
        SITE_URL=f"http://127.0.0.1:{port}",
        SECURE_COOKIES="0",
        SECURE_SSL_REDIRECT="0",
        SECURE_HSTS_SECONDS="0",
        TRUSTED_PROXY_COUNT="1",  # the simulated visitors send their own address in X-Forwarded-For
        # gunicorn's access log, with the time each request spent in the server (microseconds) at the end
        GUNICORN_CMD_ARGS="--access-logformat " + shlex.quote(ACCESS_LOG_FORMAT),
        BACKUP_DAILY="0",
        VAR_DIR=str(var_dir),
        WEB_CONCURRENCY=str(args.workers),
    )
    if args.backend == "postgres":
        require_loopback(args.database_url)
        require_loopback(args.redis_url)
        env.update(DATABASE_URL=args.database_url, REDIS_URL=args.redis_url)
    return env


def reset_postgres(url: str) -> None:
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if "load" not in name or not re.fullmatch(r"\w+", name):
        sys.exit(f"{url}: the database is dropped and recreated, so its name must contain 'load'.")
    admin_url = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
    print(f"PostgreSQL database {name} recreated.", flush=True)


def reset_redis(url: str) -> None:
    import redis

    redis.Redis.from_url(url).flushdb()
    print(f"Redis database {url} emptied.", flush=True)


def relais(env: dict[str, str], *command: str, log: Path) -> None:
    with log.open("a") as output:
        output.write(f"$ relais {' '.join(command)}\n")
        output.flush()
        done = subprocess.run(
            [PYTHON, "-m", "relais", *command], cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT
        )
    if done.returncode:
        sys.exit(f"`relais {' '.join(command)}` failed; see {log}")


def prepare(env: dict[str, str], var_dir: Path) -> None:
    log = var_dir / "prepare.log"
    started = time.monotonic()
    for command in (
        ["compile_translations"],
        ["collectstatic", "--noinput"],
        ["migrate", "--noinput"],
        ["load_demo_data"],
    ):
        print(f"relais {' '.join(command)} …", flush=True)
        relais(env, *command, log=log)
    print(f"Database ready in {time.monotonic() - started:.0f} s.", flush=True)


def wait_healthy(base: str, server: subprocess.Popen, log: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"relais serve stopped (exit {server.returncode}); see {log}")
        try:
            with urllib.request.urlopen(f"{base}/healthz", timeout=2) as response:  # noqa: S310 — loopback
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.5)
    sys.exit(f"{base}/healthz did not answer within {timeout:.0f} s; see {log}")


def server_cpu_seconds(server: subprocess.Popen) -> float:
    """CPU time used so far by `relais serve` and its children (gunicorn workers, task consumer)."""
    total = 0.0
    try:
        root = psutil.Process(server.pid)
        for process in [root, *root.children(recursive=True)]:
            times = process.cpu_times()
            total += times.user + times.system
    except psutil.Error:
        pass
    return total


def database_cpu_seconds(database_url: str) -> float:
    """CPU time used so far by the PostgreSQL backends serving the test database (on this machine)."""
    import psycopg

    name = urlsplit(database_url).path.lstrip("/")
    total = 0.0
    with psycopg.connect(database_url, autocommit=True) as connection:
        query = "SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()"
        pids = [row[0] for row in connection.execute(query, [name])]
    for pid in pids:
        try:
            times = psutil.Process(pid).cpu_times()
        except psutil.Error:
            continue
        total += times.user + times.system
    return total


def run_load(args, env: dict[str, str], var_dir: Path, port: int) -> dict:
    base = f"http://127.0.0.1:{port}"
    server_log = var_dir / "server.log"
    with server_log.open("w") as output:
        server = subprocess.Popen(
            [PYTHON, "-m", "relais", "serve", "--host", "127.0.0.1", "--port", str(port)],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        wait_healthy(base, server, server_log)
        print(f"relais serve answers on {base} ({args.workers} workers × 4 threads).", flush=True)
        samples_file = var_dir / "samples.json"
        locust_env = {**os.environ, "LOAD_SAMPLES": str(samples_file), "LOAD_WAIT": args.wait}
        load_before = os.getloadavg()
        cpu_before = server_cpu_seconds(server)
        command = [
            PYTHON,
            "-m",
            "locust",
            "-f",
            str(HERE / "locustfile.py"),
            "--headless",
            "--users",
            str(args.users),
            "--spawn-rate",
            str(args.spawn_rate),
            "--run-time",
            args.run_time,
            "--host",
            base,
            "--only-summary",
            "--stop-timeout",
            "10",
            "--loglevel",
            "WARNING",
        ]
        print(f"locust: {args.users} users, {args.spawn_rate}/s, {args.run_time} …", flush=True)
        subprocess.run(command, cwd=ROOT, env=locust_env, check=False)
        cpu_used = server_cpu_seconds(server) - cpu_before
        database_cpu = database_cpu_seconds(args.database_url) if args.backend == "postgres" else None
        load_after = os.getloadavg()
    finally:
        stop_server(server)
    data = json.loads(samples_file.read_text(encoding="utf-8")) if samples_file.exists() else {}
    if not data.get("samples"):
        sys.exit(f"Locust made no request; see its output above (server log: {server_log}).")
    return {
        "samples": data["samples"],
        "phases": data["phases"],
        "server": read_server_log(server_log),
        "cpu_seconds": cpu_used,
        "database_cpu_seconds": database_cpu,
        "load": (load_before, load_after),
    }


def stop_server(server: subprocess.Popen) -> None:
    if server.poll() is None:
        server.send_signal(signal.SIGTERM)  # `relais serve` stops gunicorn and the consumer in order
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def read_server_log(path: Path) -> dict:
    text = path.read_text(encoding="utf-8", errors="replace")
    statuses = Counter(re.findall(r'HTTP/1\.[01]" (\d{3}) ', text))
    errors = [line for line in text.splitlines() if re.search(r"\b(ERROR|CRITICAL)\b|Traceback", line)]
    timings = []  # (time, method, milliseconds) of each request to the application
    for line in text.splitlines():
        match = ACCESS_LINE.search(line)
        if match and not match.group(3).startswith(("/static/", "/healthz")):
            when = datetime.strptime(match.group(1), "%d/%b/%Y:%H:%M:%S %z").timestamp()
            timings.append((when, match.group(2), int(match.group(5)) / 1000))
    return {
        "statuses": dict(sorted(statuses.items())),
        "timings": timings,
        "errors": errors,
        "locked": text.count("database is locked"),
    }


def percentile(ordered: list[float], share: float) -> float:
    """Nearest-rank percentile of an ascending list."""
    if not ordered:
        return 0.0
    rank = max(1, round(share * len(ordered) + 0.5 - 1e-9))
    return ordered[min(rank, len(ordered)) - 1]


def summarise(rows: list, seconds: float) -> dict:
    times = sorted(row[2] for row in rows)
    return {
        "count": len(times),
        "failures": sum(1 for row in rows if row[3]),
        "rate": len(times) / seconds if seconds else 0.0,
        "p50": percentile(times, 0.50),
        "p95": percentile(times, 0.95),
        "p99": percentile(times, 0.99),
        "max": times[-1] if times else 0.0,
    }


def table(title: str, groups: dict[str, list], seconds: float) -> list[str]:
    lines = [
        f"| {title} | requests | failures | req/s | p50 ms | p95 ms | p99 ms | max ms |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name in sorted(groups):
        figures = summarise(groups[name], seconds)
        lines.append(
            f"| {name} | {figures['count']} | {figures['failures']} | {figures['rate']:.1f} | "
            f"{figures['p50']:.0f} | {figures['p95']:.0f} | {figures['p99']:.0f} | {figures['max']:.0f} |"
        )
    return lines


def server_times(timings: list, since: float) -> dict[str, dict]:
    """Percentiles of the time spent in the server per method, from `since` (the log has whole seconds)."""
    by_method = defaultdict(list)
    for when, method, milliseconds in timings:
        if when >= since:
            by_method[method].append((when, method, milliseconds, ""))
    return {method: summarise(rows, 1) for method, rows in sorted(by_method.items())}


def report(args, outcome: dict) -> str:
    phases, samples = outcome["phases"], outcome["samples"]
    ready = phases.get("ready") or phases.get("spawned") or phases["start"]
    steady = [row for row in samples if row[0] >= ready]
    ramp = [row for row in samples if row[0] < ready]
    seconds = max(phases["stop"] - ready, 1e-9)
    by_group, by_name = defaultdict(list), defaultdict(list)
    for row in steady:
        by_group[row[1].split(":")[0]].append(row)
        by_name[row[1]].append(row)
    overall = summarise(steady, seconds)
    pages = summarise(by_group.get("page", []), seconds)
    all_failures = sum(1 for row in samples if row[3])
    server = outcome["server"]
    server_errors = sum(count for status, count in server["statuses"].items() if status.startswith("5"))
    load_before, load_after = outcome["load"]
    when = datetime.fromtimestamp(phases["start"], UTC).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        f"# Load test — {args.backend} — {when}",
        "",
        *([f"**{args.note}**", ""] if args.note else []),
        f"- Command: `.venv/bin/python bench/load/run.py --backend {args.backend} --users {args.users} "
        f"--spawn-rate {args.spawn_rate:g} --run-time {args.run_time} --workers {args.workers} "
        f"--wait {args.wait}`",
        f"- Server: `relais serve`, {args.workers} gunicorn workers × 4 threads and the task consumer, "
        f"DEBUG off, {STORES[args.backend]}, demo data",
        f"- Machine: {os.cpu_count()} CPUs; load average {load_before[0]:.2f} before, "
        f"{load_after[0]:.2f} after (the load generator runs on the same machine)",
        f"- Steady state: {seconds:.0f} s with all {args.users} users signed in; ramp-up before it: "
        f"{ready - phases['start']:.0f} s, {len(ramp)} requests, p95 {summarise(ramp, 1)['p95']:.0f} ms "
        "(the sign-ins hash passwords on purpose: about 0.25 s of CPU each)",
        "",
        "## Summary",
        "",
        f"- Throughput: **{overall['rate']:.1f} requests/s** ({overall['count']} requests)",
        f"- All requests: p50 {overall['p50']:.0f} ms, p95 {overall['p95']:.0f} ms, "
        f"p99 {overall['p99']:.0f} ms",
        f"- Pages: p50 {pages['p50']:.0f} ms, **p95 {pages['p95']:.0f} ms**, p99 {pages['p99']:.0f} ms "
        f"— target p95 < {PAGE_TARGET_MS} ms: **{'met' if pages['p95'] < PAGE_TARGET_MS else 'missed'}**",
        f"- Failures (whole run, ramp-up included): **{all_failures}** — target 0: "
        f"**{'met' if all_failures == 0 and server_errors == 0 else 'missed'}**",
        f"- Server: HTTP statuses {server['statuses']}, {len(server['errors'])} error lines in its log, "
        f"'database is locked' {server['locked']} times",
        *[
            f"- Time in the server, {method} (gunicorn's log, steady state): p50 {figures['p50']:.0f} ms, "
            f"p95 {figures['p95']:.0f} ms, p99 {figures['p99']:.0f} ms ({figures['count']} requests)"
            for method, figures in server_times(server["timings"], int(ready)).items()
        ],
        f"- Server CPU time: {outcome['cpu_seconds']:.0f} s for {len(samples)} requests "
        f"({1000 * outcome['cpu_seconds'] / max(len(samples), 1):.0f} ms per request)",
        *(
            [
                f"- PostgreSQL backends of the test database: {outcome['database_cpu_seconds']:.0f} s of CPU "
                "(Redis not counted)"
            ]
            if outcome["database_cpu_seconds"] is not None
            else []
        ),
        "",
        "## By group (steady state)",
        "",
        *table("group", by_group, seconds),
        "",
        "## By request (steady state)",
        "",
        *table("request", by_name, seconds),
        "",
    ]
    failures = Counter((row[1], row[3]) for row in samples if row[3])
    if failures:
        lines += ["## Failures (whole run)", "", "| request | error | occurrences |", "| --- | --- | ---: |"]
        lines += [f"| {name} | {error} | {count} |" for (name, error), count in failures.most_common()]
        lines.append("")
    if server["errors"]:
        lines += ["## Server log errors (first 20)", "", "```", *server["errors"][:20], "```", ""]
    return "\n".join(lines)


if __name__ == "__main__":
    main()

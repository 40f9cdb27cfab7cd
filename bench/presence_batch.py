"""Benchmark of the presence audit engine on local sites, politeness on.

    .venv/bin/python bench/presence_batch.py [--sites 200] [--pages 5] [--delay 1.0] [--sample 10]

Starts SITES local web sites (one port each, so one "host" each) in a separate process, each with a
home page linking to PAGES-1 inner pages, a robots.txt, a style sheet and a logo, answering after a
small server latency. Then:

1. audits every site together with the batch runner (one shared polite fetcher: one request at a time
   per host, DELAY seconds between two requests to a host, global concurrency limit);
2. audits SAMPLE sites one after the other with the same settings and extrapolates to all sites
   (auditing 200 sites one by one with a one-second delay takes about half an hour; pass
   --sample SITES to measure it in full);
3. reports the speed-up, the peak memory of the auditing process, and the largest number of requests
   any site served at the same time (must be 1).

No request leaves the machine.
"""

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from relais.presence.engine import CrawlConfig, audit_url  # noqa: E402
from relais.presence.engine.runner import BatchRunner, Job  # noqa: E402

LATENCY = 0.02  # seconds each local server waits before answering, like a real one


def serve(count: int, pages: int) -> None:
    """Child process: start the sites, print their addresses, print statistics when asked."""
    from relais.presence.tests.sites import Route, Site, page

    links = "".join(f'<li><a href="/page-{n}">Page {n}</a></li>' for n in range(1, pages))
    filler = "<p>" + "Ateliers numériques, aide aux démarches. " * 40 + "</p>"
    routes = {
        "/": Route(
            body=page(
                body=f'<img src="/logo.png" alt="Logo"><ul>{links}</ul>{filler}',
                head='<link rel="stylesheet" href="/style.css">',
            ),
            delay=LATENCY,
        ),
        "/robots.txt": Route(
            body="User-agent: *\nAllow: /\n", headers={"Content-Type": "text/plain"}, delay=LATENCY
        ),
        "/style.css": Route(
            body="body{font-family:sans-serif}" * 50, headers={"Content-Type": "text/css"}, delay=LATENCY
        ),
        "/logo.png": Route(
            body=b"\x89PNG" + b"0" * 8000, headers={"Content-Type": "image/png"}, delay=LATENCY
        ),
    }
    for n in range(1, pages):
        routes[f"/page-{n}"] = Route(body=page(f"Page {n}", filler), delay=LATENCY)
    sites = [Site(routes) for _ in range(count)]
    print(json.dumps([site.url for site in sites]), flush=True)
    for line in sys.stdin:
        if line.strip() == "stats":
            stats = {
                "max_in_flight": max(site.max_in_flight for site in sites),
                "requests": sum(len(site.requests) for site in sites),
            }
            for site in sites:
                site.max_in_flight, site.requests = 0, []
            print(json.dumps(stats), flush=True)
        elif line.strip() == "quit":
            break
    for site in sites:
        site.stop()


def config(delay: float, concurrency: int) -> CrawlConfig:
    return CrawlConfig(
        user_agent="RelaisPresenceAudit/bench (+http://127.0.0.1/presence/robot/)",
        host_delay=delay,
        concurrency=concurrency,
        connect_timeout=5,
        read_timeout=10,
        audit_deadline=600,
        allow_private_addresses=True,
    )


def stats(server) -> dict:
    server.stdin.write("stats\n")
    server.stdin.flush()
    return json.loads(server.stdout.readline())


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sites", type=int, default=200)
    parser.add_argument("--pages", type=int, default=5)
    parser.add_argument("--delay", type=float, default=1.0, help="seconds between two requests to one host")
    parser.add_argument("--concurrency", type=int, default=20, help="requests in flight across all hosts")
    parser.add_argument("--sample", type=int, default=10, help="sites audited one by one for the baseline")
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(args.sites, args.pages)
        return

    server = subprocess.Popen(
        [sys.executable, __file__, "--serve", "--sites", str(args.sites), "--pages", str(args.pages)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        urls = json.loads(server.stdout.readline())
        settings = config(args.delay, args.concurrency)

        started = time.perf_counter()
        runner = BatchRunner(settings, pages=args.pages)
        reports = [item[1] for item in runner.run(Job(key=i, url=url) for i, url in enumerate(urls)) if item]
        concurrent_seconds = time.perf_counter() - started
        concurrent_stats = stats(server)
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

        sample = urls[: args.sample]
        started = time.perf_counter()
        for url in sample:
            audit_url(url, pages=args.pages, config=settings)
        sample_seconds = time.perf_counter() - started
        sequential_stats = stats(server)
        sequential_seconds = sample_seconds * len(urls) / len(sample)
    finally:
        server.stdin.write("quit\n")
        server.stdin.flush()
        server.wait(timeout=30)

    failures = [
        r
        for r in reports
        if not isinstance(r, Exception) and (not r.reachable or r.pages_fetched < args.pages)
    ]
    result = {
        "sites": len(urls),
        "pages_per_site": args.pages,
        "host_delay_s": args.delay,
        "global_concurrency": args.concurrency,
        "audits_finished": len(reports),
        "audits_incomplete": len(failures),
        "requests_concurrent_run": concurrent_stats["requests"],
        "concurrent_s": round(concurrent_seconds, 1),
        "sequential_sample_sites": len(sample),
        "sequential_sample_s": round(sample_seconds, 1),
        "sequential_estimated_s": round(sequential_seconds, 1),
        "speedup": round(sequential_seconds / concurrent_seconds, 1),
        "peak_memory_mb": round(peak_mb, 1),
        "max_requests_at_once_on_one_host": max(
            concurrent_stats["max_in_flight"], sequential_stats["max_in_flight"]
        ),
    }
    print(json.dumps(result, indent=2))
    ok = (
        result["speedup"] >= 10
        and result["peak_memory_mb"] < 300
        and result["max_requests_at_once_on_one_host"] == 1
    )
    print("OK" if ok and not failures else "NOT OK")
    sys.exit(0 if ok and not failures else 1)


if __name__ == "__main__":
    main()

"""Many audits on one event loop, politely sharing one fetcher, with results handed back one by one
to the calling (synchronous) thread so that it can save them and check for cancellation.
"""

import asyncio
import queue
import threading
from collections.abc import Hashable, Iterable, Iterator
from dataclasses import dataclass

import httpx

from relais.presence.engine.audit import AuditReport, audit_site
from relais.presence.engine.dns import Resolver
from relais.presence.engine.fetch import CrawlConfig, PoliteFetcher
from relais.presence.engine.observations import SubjectRecord

_FINISHED = object()


@dataclass
class Job:
    key: Hashable
    url: str
    record: SubjectRecord | None = None


class BatchRunner:
    """`for item in runner.run(jobs)`: item is `(key, AuditReport | Exception)`, or None every
    `heartbeat` seconds while nothing finished (a chance to check for cancellation)."""

    def __init__(
        self,
        config: CrawlConfig,
        *,
        pages: int = 5,
        resolver: Resolver | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        heartbeat: float = 1.0,
        sites_in_flight: int | None = None,
    ):
        self.config, self.pages, self.resolver, self.transport = config, pages, resolver, transport
        self.heartbeat = heartbeat
        self.sites_in_flight = sites_in_flight or max(config.concurrency * 5, 50)
        self._cancelled = threading.Event()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._tasks: list[asyncio.Task] = []
        self.requests_made = 0

    def cancel(self) -> None:
        """Start no new audit and stop those running (they come back as cancelled, not as results)."""
        self._cancelled.set()
        loop = self._loop
        if loop is not None and not loop.is_closed():
            try:
                loop.call_soon_threadsafe(self._cancel_tasks)
            except RuntimeError:
                pass

    def _cancel_tasks(self) -> None:
        for task in self._tasks:
            task.cancel()

    def run(self, jobs: Iterable[Job]) -> Iterator[tuple[Hashable, AuditReport | Exception] | None]:
        results: queue.Queue = queue.Queue()
        jobs = list(jobs)
        thread = threading.Thread(target=self._thread_main, args=(jobs, results), daemon=True)
        thread.start()
        try:
            while True:
                try:
                    item = results.get(timeout=self.heartbeat)
                except queue.Empty:
                    yield None
                    continue
                if item is _FINISHED:
                    return
                yield item
        finally:
            if thread.is_alive():
                self.cancel()
            thread.join()

    def _thread_main(self, jobs: list[Job], results: queue.Queue) -> None:
        try:
            asyncio.run(self._main(jobs, results))
        finally:
            results.put(_FINISHED)

    async def _main(self, jobs: list[Job], results: queue.Queue) -> None:
        self._loop = asyncio.get_running_loop()
        slots = asyncio.Semaphore(self.sites_in_flight)
        async with PoliteFetcher(self.config, transport=self.transport) as fetcher:

            async def one(job: Job) -> None:
                async with slots:
                    if self._cancelled.is_set():
                        return
                    try:
                        report = await audit_site(
                            fetcher, job.url, pages=self.pages, record=job.record, resolver=self.resolver
                        )
                    except asyncio.CancelledError:
                        raise
                    except Exception as error:  # noqa: BLE001  (one broken audit must not stop the batch)
                        results.put((job.key, error))
                        return
                    results.put((job.key, report))

            self._tasks = [asyncio.create_task(one(job)) for job in jobs]
            if self._cancelled.is_set():
                self._cancel_tasks()
            await asyncio.gather(*self._tasks, return_exceptions=True)
            self.requests_made = fetcher.requests_made

"""A polite HTTP fetcher: robots.txt, one request at a time per host, a delay between requests to the
same host, a global concurrency limit, timeouts, byte caps and `Retry-After`.

Every failure (invalid address, DNS, TLS, timeout, oversize, loop) comes back as a `Fetched` with an
`error` code; nothing here raises for a bad site.
"""

import asyncio
import email.utils
import ipaddress
import socket
import ssl
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import urljoin, urlsplit

import httpx
from protego import Protego

ROBOTS_MAX_BYTES = 500 * 1024
MAX_CRAWL_DELAY = 30.0
HTML_TYPES = ("text/html", "application/xhtml+xml")


@dataclass
class CrawlConfig:
    user_agent: str = "RelaisPresenceAudit/1.0"
    robot_name: str = "RelaisPresenceAudit"
    host_delay: float = 1.0
    concurrency: int = 20
    connect_timeout: float = 5.0
    read_timeout: float = 15.0
    request_deadline: float = 30.0
    max_bytes: int = 3_000_000
    max_redirects: int = 8
    max_retries: int = 2
    max_retry_after: float = 60.0
    max_pages: int = 5
    max_subresources: int = 8
    max_link_checks: int = 5
    audit_deadline: float = 240.0
    verify: bool | ssl.SSLContext = True
    # Addresses of private networks (loopback, LAN, cloud metadata) are refused unless allowed, so
    # that an audit requested from the web cannot reach the servers around the platform.
    allow_private_addresses: bool = False


@dataclass
class Fetched:
    url: str
    method: str = "GET"
    status: int | None = None
    headers: httpx.Headers = field(default_factory=httpx.Headers)
    body: bytes = b""
    truncated: bool = False
    error: str = (
        ""  # "", invalid_url, blocked, dns, tls, connect, timeout, protocol, loop, too_many_redirects
    )
    error_detail: str = ""
    ttfb: float | None = None
    elapsed: float | None = None
    wire_bytes: int = 0
    http_version: str = ""
    certificate_expires_at: datetime | None = None
    retries: int = 0

    @property
    def ok(self) -> bool:
        return not self.error and self.status is not None and 200 <= self.status < 300

    @property
    def is_redirect(self) -> bool:
        return not self.error and self.status in (301, 302, 303, 307, 308) and "location" in self.headers

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()

    @property
    def is_html(self) -> bool:
        return self.content_type in HTML_TYPES or (
            not self.content_type and self.body[:200].lstrip()[:1] == b"<"
        )

    @property
    def size(self) -> int:
        """Bytes of the resource: what came over the wire, or the announced length when we stopped early."""
        announced = self.headers.get("content-length", "")
        if self.truncated and announced.isdigit():
            return int(announced)
        return max(self.wire_bytes, len(self.body) if not self.wire_bytes else 0)

    def text(self) -> str:
        charset = "utf-8"
        for part in self.headers.get("content-type", "").split(";")[1:]:
            key, _sep, value = part.strip().partition("=")
            if key.lower() == "charset" and value:
                charset = value.strip("\"' ")
        try:
            return self.body.decode(charset, errors="replace")
        except LookupError:
            return self.body.decode("utf-8", errors="replace")


@dataclass
class Robots:
    status: str  # "ok", "missing" (4xx: everything allowed), "error" (5xx or unreachable: crawl nothing)
    parser: Protego | None = None
    fetched: Fetched | None = None

    def allows(self, url: str, robot_name: str) -> bool:
        if self.status == "missing":
            return True
        if self.status == "error" or self.parser is None:
            return False
        return self.parser.can_fetch(url, robot_name)

    def allows_search_engines(self, url: str) -> bool:
        if self.status != "ok" or self.parser is None:
            return self.status != "error"
        return self.parser.can_fetch(url, "Googlebot") and self.parser.can_fetch(url, "*")

    @property
    def sitemaps(self) -> list[str]:
        return list(self.parser.sitemaps) if self.parser is not None else []


class _Host:
    def __init__(self) -> None:
        self.lock = asyncio.Lock()
        self.next_at = 0.0
        self.crawl_delay = 0.0


def origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


def host_key(url: str) -> str:
    """Politeness is per host name and port: two schemes of one server share the same queue."""
    parts = urlsplit(url)
    return (parts.hostname or "").lower() + (f":{parts.port}" if parts.port else "")


def _classify(error: BaseException) -> str:
    chain: list[BaseException] = []
    current: BaseException | None = error
    while current is not None and len(chain) < 10:
        chain.append(current)
        current = current.__cause__ or current.__context__
    if any(isinstance(item, socket.gaierror) for item in chain):
        return "dns"
    text = " ".join(str(item) for item in chain).lower()
    if any(isinstance(item, ssl.SSLError) for item in chain) or "certificate" in text or "ssl" in text:
        return "tls"
    if "name or service not known" in text or "nodename nor servname" in text or "name resolution" in text:
        return "dns"
    if isinstance(error, httpx.TimeoutException | TimeoutError):
        return "timeout"
    if isinstance(error, httpx.ConnectError):
        return "connect"
    if isinstance(error, httpx.InvalidURL | httpx.UnsupportedProtocol):
        return "invalid_url"
    return "protocol"


def retry_after_seconds(value: str, now: float | None = None) -> float | None:
    """Seconds to wait from a `Retry-After` header (delay in seconds or an HTTP date)."""
    value = (value or "").strip()
    if not value:
        return None
    if value.isdigit():
        return float(value)
    try:
        moment = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return max(0.0, moment.timestamp() - (now if now is not None else time.time()))


class PoliteFetcher:
    """Shared by every audit of a batch so that politeness holds across them.

    Use as `async with PoliteFetcher(config) as fetcher:`. `transport` lets tests plug in a mock.
    """

    def __init__(
        self,
        config: CrawlConfig,
        transport: httpx.AsyncBaseTransport | None = None,
        address_resolver: Callable[[str], Awaitable[list[str]]] | None = None,
    ):
        self.config = config
        self._transport = transport
        self._address_resolver = address_resolver or _addresses
        self._hosts: dict[str, _Host] = {}
        self._robots: dict[str, Robots] = {}
        self._robots_locks: dict[str, asyncio.Lock] = {}
        self._global = asyncio.Semaphore(config.concurrency)
        self._public_hosts: dict[str, bool] = {}
        self.client: httpx.AsyncClient | None = None
        self.requests_made = 0

    async def __aenter__(self) -> "PoliteFetcher":
        timeout = httpx.Timeout(
            connect=self.config.connect_timeout,
            read=self.config.read_timeout,
            write=self.config.read_timeout,
            pool=None,
        )
        self.client = httpx.AsyncClient(
            follow_redirects=False,
            timeout=timeout,
            verify=self.config.verify,
            headers={"User-Agent": self.config.user_agent, "Accept-Encoding": "gzip, deflate"},
            limits=httpx.Limits(
                max_connections=self.config.concurrency * 2,
                max_keepalive_connections=self.config.concurrency,
                keepalive_expiry=5,
            ),
            transport=self._transport,
            trust_env=False,
        )
        return self

    async def __aexit__(self, *exc_info) -> None:
        if self.client is not None:
            await self.client.aclose()

    @asynccontextmanager
    async def _host_slot(self, url: str) -> AsyncIterator[_Host]:
        host = self._hosts.setdefault(host_key(url), _Host())
        loop = asyncio.get_running_loop()
        async with host.lock:
            wait = host.next_at - loop.time()
            if wait > 0:
                await asyncio.sleep(wait)
            try:
                yield host
            finally:
                delay = max(self.config.host_delay, host.crawl_delay)
                host.next_at = max(host.next_at, loop.time() + delay)

    async def fetch(
        self, url: str, *, method: str = "GET", read_limit: int | None = None, html_only: bool = False
    ) -> Fetched:
        """One request (no redirect followed), retried after 429/503 when `Retry-After` allows it."""
        try:
            request_url = httpx.URL(url)
            if request_url.scheme not in ("http", "https") or not request_url.host:
                raise httpx.InvalidURL("not an http(s) address")
        except (httpx.InvalidURL, ValueError, TypeError) as error:
            return Fetched(url=url, method=method, error="invalid_url", error_detail=str(error))
        if not self.config.allow_private_addresses and not await self._is_public(request_url.host):
            return Fetched(url=url, method=method, error="blocked", error_detail=request_url.host)
        attempt = 0
        while True:
            result = await self._fetch_once(url, method, read_limit, html_only)
            wait = retry_after_seconds(result.headers.get("retry-after", "")) if result.status else None
            if result.status not in (429, 503) or attempt >= self.config.max_retries:
                result.retries = attempt
                return result
            if wait is None or wait > self.config.max_retry_after:
                result.retries = attempt
                return result
            host = self._hosts.setdefault(host_key(url), _Host())
            loop = asyncio.get_running_loop()
            host.next_at = max(host.next_at, loop.time() + wait)
            attempt += 1

    async def _is_public(self, host: str) -> bool:
        """True when every address of `host` is a public one (a name that does not resolve passes:
        the request itself will then report the DNS error)."""
        if host in self._public_hosts:
            return self._public_hosts[host]
        try:
            addresses = [ipaddress.ip_address(host.strip("[]"))]
        except ValueError:
            addresses = [ipaddress.ip_address(a.split("%")[0]) for a in await self._address_resolver(host)]
        public = all(address.is_global for address in addresses)
        self._public_hosts[host] = public
        return public

    async def _fetch_once(self, url: str, method: str, read_limit: int | None, html_only: bool) -> Fetched:
        assert self.client is not None, "use PoliteFetcher as an async context manager"
        limit = min(read_limit or self.config.max_bytes, self.config.max_bytes)
        result = Fetched(url=url, method=method)
        async with self._host_slot(url), self._global:
            loop = asyncio.get_running_loop()
            started = loop.time()
            self.requests_made += 1
            try:
                async with asyncio.timeout(self.config.request_deadline):
                    request = self.client.build_request(method, url)
                    response = await self.client.send(request, stream=True)
                    try:
                        result.ttfb = loop.time() - started
                        result.status = response.status_code
                        result.headers = response.headers
                        result.http_version = response.http_version
                        result.certificate_expires_at = _certificate_expiry(response)
                        await self._read_body(response, result, limit, html_only)
                        result.wire_bytes = response.num_bytes_downloaded
                    finally:
                        await response.aclose()
            except Exception as error:  # noqa: BLE001  (every network failure becomes a recorded result)
                result.error = _classify(error)
                result.error_detail = str(error)[:300] or type(error).__name__
            result.elapsed = loop.time() - started
        return result

    async def _read_body(
        self, response: httpx.Response, result: Fetched, limit: int, html_only: bool
    ) -> None:
        announced = response.headers.get("content-length", "")
        if announced.isdigit() and int(announced) > limit:
            result.truncated = True
            return
        if html_only and not result.is_html and response.headers.get("content-type"):
            return
        chunks, size = [], 0
        async for chunk in response.aiter_bytes():
            size += len(chunk)
            if size > limit:
                result.truncated = True
                break
            chunks.append(chunk)
        result.body = b"".join(chunks)

    async def fetch_chain(self, url: str, *, html_only: bool = True) -> list[Fetched]:
        """Follow redirects by hand, recording every hop; stops on loops and after `max_redirects`."""
        hops: list[Fetched] = []
        seen: set[str] = set()
        current = url
        while True:
            if current in seen:
                loop_hop = Fetched(url=current, error="loop", error_detail=" → ".join(h.url for h in hops))
                hops.append(loop_hop)
                return hops
            seen.add(current)
            hop = await self.fetch(current, html_only=html_only)
            hops.append(hop)
            if not hop.is_redirect:
                return hops
            if len(hops) > self.config.max_redirects:
                hops.append(Fetched(url=current, error="too_many_redirects"))
                return hops
            current = urljoin(current, hop.headers["location"].strip())

    async def robots(self, url: str) -> Robots:
        """robots.txt of the origin of `url`, fetched once (RFC 9309: 4xx allows all, 5xx forbids all)."""
        origin = origin_of(url)
        lock = self._robots_locks.setdefault(origin, asyncio.Lock())
        async with lock:
            if origin in self._robots:
                return self._robots[origin]
            robots_url = origin + "/robots.txt"
            hops = await self.fetch_chain(robots_url, html_only=False)
            last = hops[-1]
            if len(hops) > 6 or last.error:
                robots = Robots(status="error", fetched=last)
            elif last.status is not None and 400 <= last.status < 500:
                robots = Robots(status="missing", fetched=last)
            elif last.ok:
                text = last.body[:ROBOTS_MAX_BYTES].decode("utf-8", errors="replace")
                try:
                    robots = Robots(status="ok", parser=Protego.parse(text), fetched=last)
                except Exception:  # noqa: BLE001  (an unparseable file counts as no file)
                    robots = Robots(status="missing", fetched=last)
            else:
                robots = Robots(status="error", fetched=last)
            if robots.parser is not None:
                delay = robots.parser.crawl_delay(self.config.robot_name)
                if delay:
                    host = self._hosts.setdefault(host_key(url), _Host())
                    host.crawl_delay = min(float(delay), MAX_CRAWL_DELAY)
                    host.next_at = max(host.next_at, asyncio.get_running_loop().time() + host.crawl_delay)
            self._robots[origin] = robots
            return robots


async def _addresses(host: str) -> list[str]:
    try:
        infos = await asyncio.get_running_loop().getaddrinfo(host, None, type=socket.SOCK_STREAM)
    except OSError:
        return []
    return [info[4][0] for info in infos]


def _certificate_expiry(response: httpx.Response) -> datetime | None:
    stream = response.extensions.get("network_stream")
    if stream is None:
        return None
    ssl_object = stream.get_extra_info("ssl_object")
    if ssl_object is None:
        return None
    certificate = ssl_object.getpeercert()
    if not certificate or "notAfter" not in certificate:
        return None
    return datetime.fromtimestamp(ssl.cert_time_to_seconds(certificate["notAfter"]), tz=UTC)

"""E-mail domain DNS lookups (MX, SPF, DMARC) behind a small interface, so tests plug in a fake."""

from dataclasses import dataclass, field
from typing import Protocol


class DnsFailure(Exception):
    """The lookup could not be made (timeout, no server): the checks are "not measured"."""


class Resolver(Protocol):
    async def mx(self, name: str) -> list[tuple[int, str]]: ...

    async def txt(self, name: str) -> list[str]: ...


@dataclass
class MailDns:
    domain: str
    mx: list[tuple[int, str]] = field(default_factory=list)
    spf: list[str] = field(default_factory=list)
    dmarc: list[str] = field(default_factory=list)
    error: str = ""


class DnspythonResolver:
    """The real resolver (dnspython, asynchronous); "no such name" and "no answer" are empty lists."""

    def __init__(self, lifetime: float = 5.0):
        import dns.asyncresolver

        self._resolver = dns.asyncresolver.Resolver()
        self._resolver.lifetime = lifetime

    async def _query(self, name: str, kind: str):
        import dns.exception
        import dns.resolver

        try:
            return await self._resolver.resolve(name, kind)
        except (dns.resolver.NXDOMAIN, dns.resolver.NoAnswer):
            return []
        except dns.exception.DNSException as error:
            raise DnsFailure(str(error)) from error

    async def mx(self, name: str) -> list[tuple[int, str]]:
        return [(r.preference, r.exchange.to_text().rstrip(".")) for r in await self._query(name, "MX")]

    async def txt(self, name: str) -> list[str]:
        return [b"".join(r.strings).decode("utf-8", "replace") for r in await self._query(name, "TXT")]


async def lookup_mail_dns(resolver: Resolver, domain: str) -> MailDns:
    result = MailDns(domain=domain)
    try:
        result.mx = await resolver.mx(domain)
        result.spf = [t for t in await resolver.txt(domain) if t.lower().startswith("v=spf1")]
        result.dmarc = [t for t in await resolver.txt(f"_dmarc.{domain}") if t.lower().startswith("v=dmarc1")]
    except DnsFailure as error:
        result.error = str(error) or "DNS"
    return result

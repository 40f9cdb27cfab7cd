"""What one audit saw: the raw observations the checks read (kept apart from the scores)."""

from dataclasses import dataclass, field
from datetime import datetime

from relais.presence.engine.dns import MailDns
from relais.presence.engine.fetch import Fetched, Robots
from relais.presence.engine.page import Page


@dataclass
class SubjectRecord:
    """What the record of the organisation says, to compare with what the site shows."""

    name: str = ""
    website: str = ""
    social_links: list[str] = field(default_factory=list)
    address: str = ""
    postcode: str = ""
    commune: str = ""
    phone: str = ""
    email: str = ""
    siret: str = ""
    osm_id: str = ""
    is_public_body: bool = False


@dataclass
class Sitemap:
    url: str = ""
    urls: list[str] = field(default_factory=list)
    newest: datetime | None = None


@dataclass
class SiteData:
    input_url: str
    start_url: str = ""
    now: datetime | None = None
    chain: list[Fetched] = field(default_factory=list)
    http_chain: list[Fetched] = field(default_factory=list)
    failed_chain: list[Fetched] = field(default_factory=list)  # the https attempt, when only http answered
    robots: Robots | None = None
    robots_blocked_home: bool = False
    home_page: Page | None = None
    pages: list[tuple[Fetched, Page | None]] = field(default_factory=list)
    sitemap: Sitemap | None = None
    subresources: list[Fetched] = field(default_factory=list)
    subresources_total: int = 0
    link_checks: list[Fetched] = field(default_factory=list)
    record: SubjectRecord | None = None
    dns: MailDns | None = None
    deadline_reached: bool = False

    @property
    def home(self) -> Fetched | None:
        return self.chain[-1] if self.chain else None

    @property
    def reachable(self) -> bool:
        home = self.home
        return home is not None and not home.error and home.status is not None

    @property
    def html_pages(self) -> list[Page]:
        inner = [page for _fetched, page in self.pages if page is not None]
        return ([self.home_page] if self.home_page else []) + inner

    @property
    def is_https(self) -> bool:
        home = self.home
        return bool(home and home.url.startswith("https://") and self.reachable)

"""`relais audit URL [--pages N] [--json]`: audit one site without the database and print the report."""

import json

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from relais.presence import crawl
from relais.presence.engine import PILLARS, audit_url, texts
from relais.presence.engine.scoring import quick_wins

EXIT_UNREACHABLE = 2
STATUS_MARKS = {"pass": "✓", "partial": "~", "fail": "✗", "not_applicable": "-", "not_measured": "?"}


class Command(BaseCommand):
    help = "Audit the digital presence of one website (no database) and print the report."
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("url", help="Address of the site, e.g. https://www.example.fr")
        parser.add_argument("--pages", type=int, default=5, help="Pages to read, home page included (1–30).")
        parser.add_argument("--json", action="store_true", help="Print the report as JSON.")
        parser.add_argument(
            "--no-dns", action="store_true", help="Skip the e-mail DNS checks (MX, SPF, DMARC)."
        )

    def handle(self, *args, **options):
        pages = options["pages"]
        if not 1 <= pages <= 30:
            raise CommandError(_("--pages must be between 1 and 30."))
        report = audit_url(
            options["url"],
            pages=pages,
            # Run by the operator on their own machine: local and intranet sites may be audited.
            config=crawl.crawl_config(max_pages=pages, allow_private_addresses=True),
            resolver=None if options["no_dns"] else crawl.default_resolver(),
        )
        if options["json"]:
            self.stdout.write(json.dumps(report.to_json(), ensure_ascii=False, indent=2))
        else:
            self.stdout.write(self.render(report))
        if not report.reachable and not report.robots_blocked:
            raise SystemExit(EXIT_UNREACHABLE)

    def render(self, report) -> str:
        lines = [
            _("Audit of %(url)s (algorithm %(version)s)")
            % {"url": report.url, "version": report.algorithm_version}
        ]
        if report.score is None:
            lines.append(_("No score: nothing could be measured."))
        else:
            lines.append(
                _("Grade %(grade)s — %(score)s/100 — %(coverage)s%% of the score could be measured")
                % {"grade": report.grade, "score": report.score, "coverage": round(report.coverage * 100)}
            )
        lines += ["", _("Pillars:")]
        for pillar in PILLARS:
            score = report.pillars[pillar]
            lines.append(f"  {texts.pillar_label(pillar):<28} {'—' if score is None else score}")
        wins = quick_wins(report.results)
        if wins:
            lines += ["", _("Quick wins first:")]
            for result in wins:
                lines.append(f"  • {texts.title(result.id)} : {texts.message(result)}")
                lines.append(f"    → {texts.fix(result)}")
        lines += ["", _("All checks:")]
        for check in report.checks():
            mark = STATUS_MARKS.get(check["status"], "?")
            lines.append(f"  [{mark}] {check['title']} : {check['message']}")
        return "\n".join(lines) + "\n"

"""Security headers graded on our own pinned table, modelled on the MDN HTTP Observatory (MPL-2.0):
start at 100, subtract penalties, add bonuses only when the penalised score is at least 90, then
grade by five-point buckets. Pinned here so history stays comparable (see ALGORITHM_VERSION).
"""

from urllib.parse import urlsplit

from relais.presence.engine.observations import SiteData

MINIMUM_FOR_BONUS = 90
SIX_MONTHS = 15_552_000
SAFE_REFERRER = {"no-referrer", "same-origin", "strict-origin", "strict-origin-when-cross-origin"}
UNSAFE_REFERRER = {"origin", "origin-when-cross-origin", "unsafe-url", "no-referrer-when-downgrade"}
GRADES = {
    100: "A+",
    95: "A",
    90: "A",
    85: "A-",
    80: "B+",
    75: "B",
    70: "B",
    65: "B-",
    60: "C+",
    55: "C",
    50: "C",
    45: "C-",
    40: "D+",
    35: "D",
    30: "D",
    25: "D-",
}


def grade_for(score: int) -> str:
    return GRADES.get(min(score - score % 5, 100), "F")


def _csp(value: str) -> tuple[int, str | None]:
    if not value:
        return -25, "Content-Security-Policy"
    directives = {}
    for part in value.split(";"):
        words = part.strip().split()
        if words:
            directives[words[0].lower()] = [w.lower() for w in words[1:]]
    script = directives.get("script-src", directives.get("default-src"))
    if script is None:
        return -20, None
    if "'unsafe-inline'" in script or "data:" in script or "*" in script or "http:" in script:
        return -20, None
    if "'unsafe-eval'" in script:
        return -10, None
    if directives.get("default-src") == ["'none'"]:
        return 10, None
    return 5, None


def observatory_score(site: SiteData) -> tuple[int, str, list[str]]:
    """Score (0–135), letter grade, and the names of the missing headers."""
    home = site.home
    headers = home.headers
    https = site.is_https
    modifiers: list[int] = []
    missing: list[str] = []

    csp_modifier, csp_missing = _csp(headers.get("content-security-policy", ""))
    modifiers.append(csp_modifier)
    if csp_missing:
        missing.append(csp_missing)

    hsts = headers.get("strict-transport-security", "")
    if not https:
        modifiers.append(-20)
    elif not hsts:
        modifiers.append(-20)
        missing.append("Strict-Transport-Security")
    else:
        max_age = 0
        for part in hsts.split(";"):
            key, _sep, value = part.strip().partition("=")
            if key.lower() == "max-age" and value.strip().strip('"').isdigit():
                max_age = int(value.strip().strip('"'))
        modifiers.append(0 if max_age >= SIX_MONTHS else -10)

    csp = headers.get("content-security-policy", "").lower()
    frame_options = headers.get("x-frame-options", "").strip().lower()
    if "frame-ancestors" in csp:
        modifiers.append(5)
    elif frame_options in ("deny", "sameorigin") or frame_options.startswith("allow-from"):
        modifiers.append(0)
    else:
        modifiers.append(-20)
        missing.append("X-Frame-Options")

    if headers.get("x-content-type-options", "").strip().lower() != "nosniff":
        modifiers.append(-5)
        missing.append("X-Content-Type-Options")

    referrer = headers.get("referrer-policy", "").strip().lower()
    policies = {p.strip() for p in referrer.split(",") if p.strip()}
    if not policies:
        missing.append("Referrer-Policy")
    elif policies & SAFE_REFERRER and not policies & UNSAFE_REFERRER:
        modifiers.append(5)
    else:
        modifiers.append(-5)

    if site.http_chain and https:
        last = site.http_chain[-1]
        if not last.error and not last.url.startswith("https://"):
            modifiers.append(-20)

    cookies = headers.get_list("set-cookie")
    if cookies and https and any("secure" not in cookie.lower() for cookie in cookies):
        modifiers.append(-20)

    modifiers.append(_sri_modifier(site))

    penalties = 100 + sum(m for m in modifiers if m < 0)
    score = penalties + sum(m for m in modifiers if m > 0) if penalties >= MINIMUM_FOR_BONUS else penalties
    score = max(score, 0)
    return score, grade_for(score), missing


def _sri_modifier(site: SiteData) -> int:
    page = site.home_page
    if page is None or not page.scripts:
        return 0
    own_host = urlsplit(site.home.url).hostname
    external = [(src, integrity) for src, integrity in page.scripts if urlsplit(src).hostname != own_host]
    if not external:
        return 0
    if all(integrity for _src, integrity in external):
        return 5 if all(src.startswith("https://") for src, _integrity in external) else -20
    if any(src.startswith("http://") for src, _integrity in external):
        return -50
    return -5

"""Human labels of the codes counted by the indicators."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from relais.mediation.vocabularies import (
    ActivityKind,
    AgeBracket,
    Autonomy,
    Equipment,
    PlaceType,
    ReferralStructure,
    Sex,
    SocialStatus,
    Theme,
)

VOCABULARIES = {
    "kind": ActivityKind,
    "theme_mediation": Theme,
    "theme_administrative": Theme,
    "equipment": Equipment,
    "place_type": PlaceType,
    "age_bracket": AgeBracket,
    "sex": Sex,
    "social_status": SocialStatus,
    "autonomy": Autonomy,
    "referral": ReferralStructure,
}
DURATIONS = {
    "0_30": _("30 minutes or less"),
    "30_60": _("30 minutes to 1 hour"),
    "60_120": _("1 to 2 hours"),
    "120_plus": _("More than 2 hours"),
}
BREAKDOWN_TITLES = {
    "kind": _("Kinds of accompaniment"),
    "theme_mediation": pgettext_lazy("breakdown title", "Digital-mediation themes"),
    "theme_administrative": pgettext_lazy("breakdown title", "Administrative procedures"),
    "tag": pgettext_lazy("labels", "Tags"),
    "equipment": _("Equipment used"),
    "place_type": _("Channels"),
    "duration": _("Durations"),
    "place": _("Accompaniments by place"),
    "commune": _("Accompaniments by commune of activity"),
    "age_bracket": _("Age brackets"),
    "sex": _("Sex"),
    "social_status": _("Status"),
    "home_commune": _("Home commune of beneficiaries"),
    "autonomy": _("Autonomy levels"),
    "referral": _("Referrals, by structure"),
}


def label_for(dimension: str, code: str, names: dict | None = None) -> str:
    if dimension in VOCABULARIES:
        return str(dict(VOCABULARIES[dimension].choices).get(code, code))
    if dimension == "duration":
        return str(DURATIONS.get(code, code))
    if dimension in ("place", "tag"):
        return (names or {}).get(dimension, {}).get(code, code)
    if dimension in ("commune", "home_commune"):
        return code or str(_("Not disclosed"))
    return code

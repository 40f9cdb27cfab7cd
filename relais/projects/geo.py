"""Distances between communes, for ranking contributors who are close to a project.

Coordinates come, in this order, from: the record's own latitude/longitude (partners and places carry
them, places from the national places schema); a small bundled table `data/communes.csv` by INSEE
code: the approximate centre of each commune of the demo territory (Grand Reims and the Marne, plus
Paris for tests), good to about a kilometre, which is all a ranking by distance needs; for communes
the table lacks, the coordinates of a partner of the same commune; and for a person without a
commune, the coordinates of their place. For another territory, extend the table with the `centre`
field of the official geographic API (geo.api.gouv.fr/communes). A candidate without coordinates
simply gets no distance and no proximity bonus.
"""

import csv
import math
from functools import lru_cache
from pathlib import Path

Coordinates = tuple[float, float]

EARTH_RADIUS_KM = 6371.0088
COMMUNES_FILE = Path(__file__).resolve().parent / "data" / "communes.csv"


def haversine_km(a: Coordinates, b: Coordinates) -> float:
    """Great-circle distance between two (latitude, longitude) points, in kilometres."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(h))


@lru_cache(maxsize=1)
def bundled_communes() -> dict[str, Coordinates]:
    with COMMUNES_FILE.open(encoding="utf-8") as handle:
        return {
            row["insee_code"]: (float(row["latitude"]), float(row["longitude"]))
            for row in csv.DictReader(handle)
        }


def point(latitude, longitude) -> Coordinates | None:
    if latitude is None or longitude is None:
        return None
    return float(latitude), float(longitude)


class CommuneLocator:
    """Resolves INSEE codes to coordinates, learning from records that carry their own."""

    def __init__(self) -> None:
        self.known: dict[str, Coordinates] = dict(bundled_communes())

    def learn(self, insee_code: str, coordinates: Coordinates | None) -> None:
        if insee_code and coordinates and insee_code not in bundled_communes():
            self.known.setdefault(insee_code, coordinates)

    def locate(self, insee_code: str = "", coordinates: Coordinates | None = None) -> Coordinates | None:
        return coordinates or self.known.get(insee_code or "")

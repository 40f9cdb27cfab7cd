"""CO₂ per page view with the Sustainable Web Design model, version 4 (Green Web Foundation's
CO2.js constants, Apache-2.0): energy per gigabyte of each segment, operational plus embodied,
times the global average grid intensity. An order of magnitude, not a measurement.
"""

KWH_PER_GB = {
    "operational_datacentre": 0.055,
    "operational_network": 0.059,
    "operational_device": 0.080,
    "embodied_datacentre": 0.012,
    "embodied_network": 0.013,
    "embodied_device": 0.081,
}
GLOBAL_GRID_INTENSITY = 494  # gCO2e per kWh
# Upper bounds of the rating bands, grams per view.
RATINGS = [(0.040, "A+"), (0.079, "A"), (0.145, "B"), (0.209, "C"), (0.278, "D"), (0.359, "E")]


def grams_per_view(transferred_bytes: int, grid_intensity: float = GLOBAL_GRID_INTENSITY) -> float:
    gigabytes = transferred_bytes / 1e9
    return gigabytes * sum(KWH_PER_GB.values()) * grid_intensity


def rating_for(grams: float) -> str:
    for bound, rating in RATINGS:
        if grams <= bound:
            return rating
    return "F"

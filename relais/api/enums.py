"""API names for the models' choices.

Models name their choices after the field (`Organisation.Kind`, `Article.Kind`), and the OpenAPI
document keeps one component per class name: two `Kind`s would describe each other's values. Each
router therefore exposes a model's choices under a name of its own, with the same values.
"""

from enum import StrEnum

from django.db.models import TextChoices


def api_enum(name: str, choices: type[TextChoices]) -> type[StrEnum]:
    """The values of `choices` as an enum called `name` in the OpenAPI document."""
    return StrEnum(name, {member.name: member.value for member in choices}, module=__name__)

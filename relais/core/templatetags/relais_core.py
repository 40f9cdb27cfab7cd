from django import template

from relais.core.models import Role

register = template.Library()


@register.filter
def role_label(code: str) -> str:
    """The translated name of a role code (e.g. "mediator" → "Médiateur·rice")."""
    try:
        return Role(code).label
    except ValueError:
        return code

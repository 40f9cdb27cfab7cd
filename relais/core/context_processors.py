from django.conf import settings

from relais.core.navigation import menu, menu_groups


def relais(request):
    return {
        "main_menu": (items := menu(request) if hasattr(request, "user") else []),
        "main_menu_groups": menu_groups(items),
        "site_url": settings.SITE_URL,
        "debug": settings.DEBUG,
    }

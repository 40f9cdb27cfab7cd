from django.conf import settings

from relais.core.navigation import menu


def relais(request):
    return {
        "main_menu": menu(request) if hasattr(request, "user") else [],
        "site_url": settings.SITE_URL,
        "debug": settings.DEBUG,
    }

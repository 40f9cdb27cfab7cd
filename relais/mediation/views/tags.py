"""Tags of a place or of its network, to follow local schemes and funders without new themes."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from relais.core.htmx import redirect_after_post
from relais.core.journal import journal_log
from relais.mediation.forms import TagForm
from relais.mediation.selectors import recording_places
from relais.mediation.views.activities import _tags_for


def _scopes(places):
    scopes = []
    for place in places:
        scopes.append((f"place:{place.pk}", _("Place: %(name)s") % {"name": place.name}))
    networks = {place.organisation.parent for place in places if place.organisation.parent_id}
    for network in sorted(networks, key=lambda n: n.name):
        scopes.append((f"network:{network.pk}", _("Network: %(name)s") % {"name": network.name}))
    return scopes


@login_required
@require_http_methods(["GET", "POST"])
def tag_list(request):
    places = list(recording_places(request.user))
    if not places:
        raise PermissionDenied
    form = TagForm(request.POST or None, scopes=_scopes(places))
    if request.method == "POST" and form.is_valid():
        tag = form.save(commit=False)
        kind, pk = form.cleaned_data["scope"].split(":")
        if kind == "place":
            tag.place = next(p for p in places if p.pk == int(pk))
        else:
            tag.organisation = next(
                p.organisation.parent for p in places if p.organisation.parent_id == int(pk)
            )
        try:
            with transaction.atomic():
                tag.save()
        except IntegrityError:
            form.add_error("name", _("A tag with this name already exists there."))
        else:
            journal_log(actor=request.user, action="tag.create", target=tag, place=tag.place)
            messages.success(request, _("Tag created."))
            return redirect_after_post(request, "mediation:tag-list")
    tags = _tags_for(places).select_related("place", "organisation")
    return render(request, "mediation/tag_list.html", {"form": form, "tags": tags})

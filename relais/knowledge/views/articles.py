"""Public knowledge base (list, search, article, learning-sheet PDF, resources) and its editing pages."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from relais.core.htmx import is_htmx, redirect_after_post
from relais.knowledge import access
from relais.knowledge.forms import ArticleFilterForm, ArticleForm, ResourceForm
from relais.knowledge.models import Article, Resource
from relais.knowledge.services import articles as services
from relais.knowledge.vocabularies import competence_label, theme_label

PAGE_SIZE = 20


def _labels(obj) -> dict:
    return {
        "themes": [theme_label(code) for code in obj.themes],
        "competences": [competence_label(code) for code in obj.competences],
    }


@require_GET
def article_list(request):
    form = ArticleFilterForm(request.GET or None)
    articles = form.apply(Article.objects.public().select_related("place"), ("title", "summary", "body"))
    if request.GET.get("type") in Article.Kind.values:
        articles = articles.filter(kind=request.GET["type"])
    page = Paginator(articles, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "is_editor": request.user.is_authenticated and access.is_editor(request.user),
    }
    template = "knowledge/_article_results.html" if is_htmx(request) else "knowledge/article_list.html"
    return render(request, template, context)


@require_GET
def article_detail(request, slug):
    article = access.get_visible_or_404(Article.objects, request, slug)
    context = {
        "article": article,
        "labels": _labels(article),
        "resources": article.resources.public(),
        "can_edit": request.user.is_authenticated and access.can_edit(request.user, article),
    }
    return render(request, "knowledge/article_detail.html", context)


@require_GET
def article_pdf(request, slug):
    from weasyprint import HTML

    article = access.get_visible_or_404(Article.objects, request, slug)
    html = render_to_string(
        "knowledge/article_sheet.html", {"article": article, "labels": _labels(article)}, request
    )
    pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="fiche-{article.slug}.pdf"'
    return response


@login_required
@require_GET
def article_versions(request, slug):
    article = access.get_article_for_editor(request, slug)
    versions = article.versions.select_related("edited_by")
    return render(request, "knowledge/article_versions.html", {"article": article, "versions": versions})


@login_required
@require_POST
def article_restore(request, slug, number):
    article = access.get_article_for_editor(request, slug)
    version = get_object_or_404(article.versions, number=number)
    services.article_restore_version(article=article, version=version, actor=request.user)
    messages.success(request, _("Version %(number)s restored as a new version.") % {"number": number})
    return redirect_after_post(request, "knowledge:article-versions", slug=article.slug)


@login_required
@require_GET
def manage(request):
    access.require_editor(request.user)
    places = access.editable_places(request.user)
    articles = Article.objects.filter(place__in=places).select_related("place").order_by("-updated_at")
    resources = Resource.objects.filter(place__in=places).select_related("place").order_by("-updated_at")
    context = {
        "articles": Paginator(articles, 50).get_page(request.GET.get("page")),
        "resources": resources[:50],
    }
    return render(request, "knowledge/manage.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def article_create(request):
    access.require_editor(request.user)
    form = ArticleForm(request.POST or None, places=access.editable_places(request.user))
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k not in ("place", "note")}
        try:
            article = services.article_create(
                place=form.cleaned_data["place"], author=request.user, note=form.cleaned_data["note"], **data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Article saved."))
            return redirect_after_post(request, article)
    return render(request, "knowledge/article_form.html", {"form": form, "article": None})


@login_required
@require_http_methods(["GET", "POST"])
def article_update(request, slug):
    article = access.get_article_for_editor(request, slug)
    form = ArticleForm(request.POST or None, instance=Article.objects.get(pk=article.pk))
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "note"}
        try:
            article = services.article_update(
                article=article, actor=request.user, note=form.cleaned_data["note"], **data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Article saved."))
            return redirect_after_post(request, article)
    return render(request, "knowledge/article_form.html", {"form": form, "article": article})


@require_GET
def resource_list(request):
    form = ArticleFilterForm(request.GET or None)
    resources = form.apply(Resource.objects.public().select_related("place"), ("title", "description"))
    page = Paginator(resources, PAGE_SIZE).get_page(request.GET.get("page"))
    template = "knowledge/_resource_results.html" if is_htmx(request) else "knowledge/resource_list.html"
    return render(request, template, {"form": form, "page": page})


@require_GET
def resource_detail(request, slug):
    resource = access.get_visible_or_404(Resource.objects, request, slug)
    context = {
        "resource": resource,
        "labels": _labels(resource),
        "can_edit": request.user.is_authenticated and access.can_edit(request.user, resource),
    }
    return render(request, "knowledge/resource_detail.html", context)


@require_GET
def resource_download(request, slug):
    resource = access.get_visible_or_404(Resource.objects, request, slug)
    extension = resource.file.name.rsplit(".", 1)[-1]
    response = FileResponse(
        resource.file.open("rb"), content_type=resource.media_type, filename=f"{resource.slug}.{extension}"
    )
    response["Content-Disposition"] = response["Content-Disposition"].replace("inline", "attachment")
    return response


@login_required
@require_http_methods(["GET", "POST"])
def resource_create(request):
    access.require_editor(request.user)
    form = ResourceForm(
        request.POST or None, request.FILES or None, places=access.editable_places(request.user)
    )
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k not in ("place", "upload")}
        try:
            resource = services.resource_create(
                place=form.cleaned_data["place"],
                author=request.user,
                upload=form.cleaned_data["upload"],
                **data,
            )
        except ValidationError as error:
            form.add_error("upload" if getattr(error, "code", None) in _UPLOAD_CODES else None, error)
        else:
            messages.success(request, _("Resource saved."))
            return redirect_after_post(request, resource)
    return render(request, "knowledge/resource_form.html", {"form": form, "resource": None})


_UPLOAD_CODES = {"too_large", "empty", "bad_type", "mismatch", "bad_image"}


@login_required
@require_http_methods(["GET", "POST"])
def resource_update(request, slug):
    resource = access.get_resource_for_editor(request, slug)
    form = ResourceForm(
        request.POST or None,
        request.FILES or None,
        instance=Resource.objects.get(pk=resource.pk),
        places=access.editable_places(request.user),
    )
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "upload"}
        try:
            resource = services.resource_update(
                resource=resource, actor=request.user, upload=form.cleaned_data.get("upload"), **data
            )
        except ValidationError as error:
            form.add_error("upload" if getattr(error, "code", None) in _UPLOAD_CODES else None, error)
        else:
            messages.success(request, _("Resource saved."))
            return redirect_after_post(request, resource)
    return render(request, "knowledge/resource_form.html", {"form": form, "resource": resource})

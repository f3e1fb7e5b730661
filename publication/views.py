"""The public pages under `/julkinen/` and the coordinator's page that publishes a year.

The public pages need no sign-in and set no cookie: they are rendered without the request
(no context processor reads the session or makes a CSRF token), have no forms and no
analytics. Each reads only the frozen copies (`Publication.snapshot`): one query for the
state of the publications, which gives the ETag and Last-Modified, and one for the copy. The
rendered page is kept in Django's cache under that ETag, so a repeat costs the one query, and a
browser that has the page gets 304. Publishing or withdrawing changes the state, hence every
ETag and cache key, at once.
"""

from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from common.city import current_city
from common.roles import require_publish_year
from plans.models import YearClosing
from publication import opendata, pages
from publication.forms import PublishForm
from publication.models import Publication
from publication.services import publish_year, withdraw

# Public pages stay in the cache a day at most; a publication or withdrawal changes their key.
CACHE_SECONDS = 24 * 60 * 60
# Headers of a cached response that are given again when it is served from the cache.
KEPT_HEADERS = ("Content-Type", "Content-Disposition", "Link")


# A citizen chooses the language by the address (`?kieli=sv`), not by a cookie: the public
# pages set none, and each language's page is cached under its own address.
LANGUAGE_PARAMETER = "kieli"


def public_page(view):
    """A public page or file: conditional (ETag, Last-Modified), cached, revalidated by the
    browser on every visit (`no-cache`) so that a withdrawal shows at once."""

    @require_safe
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        language = request.GET.get(LANGUAGE_PARAMETER)
        if language in dict(settings.LANGUAGES):
            with translation.override(language):
                return respond(request, *args, **kwargs)
        return respond(request, *args, **kwargs)

    def respond(request, *args, **kwargs):
        state = Publication.objects.state()
        etag = f'"{state.etag(get_language() or "", request.get_full_path())}"'
        last_modified = http_date(state.last_change.timestamp()) if state.last_change else None
        response = get_conditional_response(request, etag=etag, last_modified=last_modified)
        if response is None:
            key = f"publication:{etag}"
            stored = cache.get(key)
            if stored is None:
                response = view(request, *args, **kwargs)
                if response.status_code == 200:
                    headers = {name: response[name] for name in KEPT_HEADERS if name in response}
                    cache.set(key, (response.content, headers), CACHE_SECONDS)
            else:
                content, headers = stored
                response = HttpResponse(content, headers=headers)
        response["ETag"] = etag
        if last_modified:
            response["Last-Modified"] = last_modified
        response["Cache-Control"] = "public, no-cache"
        patch_vary_headers(response, ["Accept-Language", "Cookie"])
        return response

    return wrapper


def render_public(request, template: str, context: dict) -> HttpResponse:
    """Rendered without the request (only its path is read, for the language links): nothing
    here reads the session, the user or a token."""
    language = get_language() or settings.LANGUAGE_CODE
    other = "fi" if language.startswith("sv") else "sv"
    context = {
        # Kept on every link between the public pages, so a Swedish reader stays in Swedish.
        "language_query": "" if language == settings.LANGUAGE_CODE else f"?kieli={language}",
        "other_language": {
            "code": other,
            "name": dict(settings.LANGUAGES)[other],
            "url": f"{request.path}?{LANGUAGE_PARAMETER}={other}",
        },
        "organization": current_city().organization,
        "licence": pages.licence(),
        **context,
    }
    return HttpResponse(render_to_string(template, context))


def publication_of(year: int, division: str) -> Publication:
    publication = Publication.objects.of_year(year, division).first()
    if publication is None:
        raise Http404(_("Vuotta ei ole julkaistu."))
    return publication


@public_page
def index(request):
    rows = (
        Publication.objects.in_force()
        .order_by("-year", "snapshot__division__name")
        .values_list(
            "snapshot__plan__name",
            "snapshot__plan__start_year",
            "snapshot__plan__end_year",
            "year",
            "snapshot__division__name",
            "division_slug",
            "published_at",
            "decision_reference",
        )
    )
    return render_public(
        request,
        "publication/index.html",
        {
            "plans": pages.published_plans(rows),
            "datasets": opendata.FIELDS,
            "contact_fields": opendata.CONTACT_FIELDS
            if settings.HYTE_PUBLIC_CONTACT_PERSONS
            else [],
        },
    )


@public_page
def year_page(request, year: int, division: str):
    page = pages.year_page(publication_of(year, division))
    return render_public(
        request, "publication/year.html", {"page": page, "datasets": opendata.DATASETS}
    )


@public_page
def plan_page(request, start_year: int, end_year: int):
    publications = list(
        Publication.objects.in_force()
        .filter(snapshot__plan__start_year=start_year, snapshot__plan__end_year=end_year)
        .order_by("-year", "division_slug")
    )
    if not publications:
        raise Http404(_("Suunnitelmasta ei ole julkaistu yhtään vuotta."))
    return render_public(request, "publication/plan.html", {"page": pages.plan_page(publications)})


@public_page
def data_json(request, year: int, division: str):
    return opendata.json_response(publication_of(year, division))


@public_page
def data_csv(request, year: int, division: str, dataset: str):
    if dataset not in opendata.DATASETS:
        raise Http404(dataset)
    return opendata.csv_file(publication_of(year, division), dataset)


def problem(line: str) -> dict:
    """A known problem of the statement, written `what | why | when it is fixed`."""
    content, reason, fix = ([part.strip() for part in line.split("|")] + ["", ""])[:3]
    return {"content": content, "reason": reason, "fix": fix}


@public_page
def accessibility(request):
    statement = settings.HYTE_ACCESSIBILITY
    problems = in_language(statement, "problems")
    problems["lines"] = [problem(line) for line in problems.pop("text")]
    return render_public(
        request,
        "publication/accessibility.html",
        {
            "statement": statement,
            "problems": problems,
            "method": in_language(statement, "method"),
            "authority": in_language(statement, "authority"),
        },
    )


def in_language(statement: dict, name: str) -> dict:
    """The statement's text in the page's language; `lang` is "fi" where a Swedish page has to
    show the Finnish text (its element is marked so), else empty."""
    if (get_language() or "").startswith("sv"):
        if statement.get(f"{name}_sv"):
            return {"text": statement[f"{name}_sv"], "lang": ""}
        return {"text": statement[name], "lang": "fi"}
    return {"text": statement[name], "lang": ""}


# --- publishing: the coordinator and the admin ------------------------------------------------


@login_required
@require_safe
def manage(request):
    require_publish_year(request.user)
    return manage_page(request)


def manage_page(request, form: PublishForm | None = None, status: int = 200):
    """The closed years, each with its publication and a form to publish it (again)."""
    closings = list(
        YearClosing.objects.in_force()
        .select_related("plan", "division", "decision")
        .order_by("-year", "division__name")
    )
    published = {
        (publication.plan_id, publication.year, publication.division_id): publication
        for publication in Publication.objects.in_force().select_related("plan", "division")
    }
    rows = []
    for closing in closings:
        place = (closing.plan_id, closing.year, closing.division_id)
        bound = form if form is not None and form.data.get("closing") == str(closing.pk) else None
        rows.append(
            {
                "closing": closing,
                "publication": published.pop(place, None),
                "form": bound
                or PublishForm(initial={"closing": closing.pk}, auto_id=f"id_%s_{closing.pk}"),
            }
        )
    # Published, but the year has been reopened since: the public copy stays as published.
    reopened = sorted(published.values(), key=lambda publication: -publication.year)
    # A refused form whose year is no longer on the list (reopened meanwhile, say) says why at
    # the top of the page.
    shown = any(row["form"] is form for row in rows)
    errors = [] if form is None or shown else [e for errs in form.errors.values() for e in errs]
    return render(
        request,
        "publication/manage.html",
        {"rows": rows, "reopened": reopened, "errors": errors},
        status=status,
    )


@login_required
@require_POST
def publish(request):
    require_publish_year(request.user)
    closing_id = request.POST.get("closing", "")
    form = PublishForm(request.POST, auto_id=f"id_%s_{closing_id}")
    if form.is_valid():
        closing = form.cleaned_data["closing"]
        try:
            publication = publish_year(
                plan=closing.plan,
                year=closing.year,
                division=closing.division,
                decision_reference=form.cleaned_data["decision_reference"],
                published_by=request.user,
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                form.add_error(None, error)
            else:
                form.add_error(None, error.messages)
        else:
            messages.success(
                request,
                _("Vuosi %(year)s, %(division)s on julkaistu: %(url)s")
                % {
                    "year": publication.year,
                    "division": publication.division.name,
                    "url": request.build_absolute_uri(
                        reverse(
                            "public:year",
                            kwargs={
                                "year": publication.year,
                                "division": publication.division_slug,
                            },
                        )
                    ),
                },
            )
            return redirect("publication:manage")
    return manage_page(request, form=form, status=400)


@login_required
@require_POST
def withdraw_view(request, pk: int):
    require_publish_year(request.user)
    publication = get_object_or_404(Publication, pk=pk)
    try:
        withdraw(publication=publication, withdrawn_by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _(
                "Vuoden %(year)s julkaisu (%(division)s) on peruttu; se ei enää näy julkisilla sivuilla."
            )
            % {"year": publication.year, "division": publication.division.name},
        )
    return redirect("publication:manage")

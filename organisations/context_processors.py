"""What every front-end template needs: header and footer links, the language switch."""

from django.conf import settings
from django.core.cache import cache
from django.db.models import F, Q, Subquery
from django.utils.functional import SimpleLazyObject
from wagtail.models import Page, Site

from .models import SectionPage
from .roles import may_use_admin

#: Pages linked from every page: key -> (app label, model name) of their page type.
_LINKED_PAGE_TYPES = {
    "accessibility": ("home", "accessibilitystatementpage"),
    "privacy": ("home", "privacynoticepage"),
    "courses": ("courses", "courseindexpage"),
    "knowledge": ("knowledge", "knowledgeindexpage"),
}


def _site_links(request) -> dict[str, str | None]:
    """URLs of the legal pages (footer) and of the shared catalogue and library (header).

    One query for all three, run only when a template reads a link. The catalogue is
    the shared section's: every catalogue lists all courses the reader may see, and the
    shared one is visible to everybody. Page types are named by their content type's
    labels so that this app needs no import of the apps above it.
    """
    shared_section = SectionPage.objects.filter(municipality__isnull=True).values("path")[:1]
    condition = Q()
    for key, (app_label, model) in _LINKED_PAGE_TYPES.items():
        of_type = Q(content_type__app_label=app_label, content_type__model=model)
        if key in ("courses", "knowledge"):
            of_type &= Q(path__startswith=Subquery(shared_section))
        condition |= of_type
    pages = (
        Page.objects.live()
        .filter(condition)
        .annotate(kind=F("content_type__model"))
        .only("url_path", "path")
        .order_by("path")
    )
    keys = {model: key for key, (_app, model) in _LINKED_PAGE_TYPES.items()}
    urls: dict[str, str | None] = dict.fromkeys(_LINKED_PAGE_TYPES)
    for page in pages:
        key = keys[page.kind]
        if urls[key] is None:
            urls[key] = page.get_url(request)
    return urls


def _cached_site_links(request) -> dict[str, str | None]:
    """``_site_links`` kept in the default cache, i.e. per worker and site version
    (``core.cache``): publishing, moving or deleting a page refreshes it everywhere."""
    site = Site.find_for_request(request)
    key = f"lernwerk_site_links:{site.pk if site else 0}"
    return cache.get_or_set(key, lambda: _site_links(request), timeout=None)


def lernwerk(request):
    return {
        "site_links": SimpleLazyObject(lambda: _cached_site_links(request)),
        "may_use_admin": SimpleLazyObject(lambda: may_use_admin(request.user)),
        "available_languages": settings.LANGUAGES,
        "feedback_email": settings.LERNWERK_FEEDBACK_EMAIL,
    }

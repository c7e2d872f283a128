"""Wagtail integration of process knowledge: one section per concern, each marked."""

from urllib.parse import urlencode

from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.admin.auth import permission_denied

from courses.models import CATALOGUE_SEARCH_HOOK
from organisations.tenancy import pages_visible_to

from .models import KnowledgeIndexPage, ProcessArticlePage, articles_visible_to, listed

# --- Articles: libraries and search ---------------------------------------------------

#: Article hits shown below the course hits of the catalogue search.
CATALOGUE_ARTICLE_HITS = 20


@hooks.register("before_create_page")
def only_redaktion_creates_libraries(request, parent_page, page_class):
    """A section's process library is structure, not content: the Redaktion sets it up,
    as for course catalogues (``courses.wagtail_hooks``)."""
    if issubclass(page_class, KnowledgeIndexPage):
        if not parent_page.permissions_for_user(request.user).can_publish():
            return permission_denied(request)
    return None


@hooks.register(CATALOGUE_SEARCH_HOOK)
def articles_in_catalogue_search(request, query: str, tag: str) -> dict:
    """Articles found for the course catalogue's search: those the reader may see,
    without inactive ones and those marked for deletion, in the selected topic.

    A fixed number of queries, whatever the number of hits: the search (already by
    title; with a topic selected, the search and then its intersection with the topic,
    since search backends filter on indexed fields only), and the library to link to
    when there are more hits than shown. The sections come from the site-versioned cache.
    """
    visible = listed(
        articles_visible_to(ProcessArticlePage.objects.live(), request.user)
    ).defer_streamfields()
    if tag:
        found_ids = [hit.pk for hit in visible.search(query, operator="and")]
        articles = visible.filter(pk__in=found_ids, tags__slug=tag).order_by("title")
    else:
        articles = visible.order_by("title").search(query, operator="and", order_by_relevance=False)
    hits = list(articles[: CATALOGUE_ARTICLE_HITS + 1])
    more = len(hits) > CATALOGUE_ARTICLE_HITS
    hits = hits[:CATALOGUE_ARTICLE_HITS]
    ProcessArticlePage.attach_sections(hits, ProcessArticlePage.sections() if hits else [])
    results = [
        {
            "title": hit.title,
            "url": hit.get_url(request),
            "summary": hit.purpose,
            "meta": hit.library_section.title if hit.library_section else "",
        }
        for hit in hits
    ]
    found = {
        "heading": _("Prozessbeschreibungen"),
        "results": results,
        "empty": _("Zu „%(query)s“ passt keine Prozessbeschreibung.") % {"query": query},
    }
    if more:
        found["more_label"] = _(
            "Mehr als %(count)d Prozessbeschreibungen gefunden: alle in der Prozessbibliothek "
            "anzeigen"
        ) % {"count": CATALOGUE_ARTICLE_HITS}
        library = (
            pages_visible_to(KnowledgeIndexPage.objects.live(), request.user)
            .order_by("path")
            .first()
        )
        if library is not None:
            found["more_url"] = f"{library.get_url(request)}?{urlencode({'q': query})}"
    return found


# --- Review and the knowledge-at-risk report (knowledge.reviews, knowledge.reports) ---

from django.shortcuts import redirect  # noqa: E402
from django.utils.functional import cached_property  # noqa: E402
from django.utils.translation import gettext_lazy  # noqa: E402
from wagtail.admin.auth import user_has_any_page_permission  # noqa: E402
from wagtail.admin.ui.menus.pages import PageMenuItem  # noqa: E402

from . import reports as _reports  # noqa: E402
from .reviews import can_mark_reviewed  # noqa: E402


class MarkReviewedButton(PageMenuItem):
    """ "Als geprüft markieren …" in the article's admin header: leads to the review box
    on the live article page, where the review is confirmed with one click (a POST)."""

    label = gettext_lazy("Als geprüft markieren …")
    icon_name = "tick"
    priority = 66

    @cached_property
    def url(self):
        url = self.page.get_url() if self.page.live else None
        return f"{url}#pruefung" if url else ""

    def is_shown(self, user):
        return bool(self.url) and can_mark_reviewed(user, self.page)


@hooks.register("register_page_header_buttons")
def mark_reviewed_header_button(page, user, view_name, next_url=None):
    if isinstance(page, ProcessArticlePage):
        yield MarkReviewedButton(page=page)


@hooks.register("after_edit_page")
def stewards_stay_in_their_article(request, page):
    """Owners and deputies who are no trainers hold no page permissions, so the library's
    listing Wagtail returns to after "submit" would refuse them: they stay in the editor
    of their article, which shows the submission's state."""
    if isinstance(page, ProcessArticlePage) and not user_has_any_page_permission(request.user):
        return redirect("wagtailadmin_pages:edit", page.pk)
    return None


@hooks.register("register_admin_urls")
def register_knowledge_report_urls():
    return _reports.admin_urls()


@hooks.register("register_reports_menu_item")
def register_knowledge_at_risk_menu_item():
    return _reports.menu_item()


# --- Articles in course modules (knowledge.embeds) -----------------------------------

from courses.embeds import MODULE_EMBEDS_HOOK  # noqa: E402

from .embeds import PROCESS_ARTICLE_EMBED  # noqa: E402


@hooks.register(MODULE_EMBEDS_HOOK)
def process_articles_in_modules():
    """Modules may embed process descriptions, shown live (``knowledge.embeds``)."""
    return PROCESS_ARTICLE_EMBED

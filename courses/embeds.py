"""Pages of higher apps shown inside a module: the registry behind ``EmbeddedPageBlock``.

A module can show content that ``courses`` does not own, such as a live process
description of ``knowledge``, without importing the app that owns it: that app
registers its page type through the Wagtail hook ``MODULE_EMBEDS_HOOK`` (as apps above
``courses`` answer ``CATALOGUE_SEARCH_HOOK``).

Why a registry and not one block per page type: the block list of a module's StreamField
is fixed when ``courses`` loads, and written into its migrations, before any higher app
could add a block of its own. So a module has one generic block, and the block asks the
registry when a trainer opens the chooser (which page types it offers), when the module
is saved (the page's type and state) and when a reader opens it (what the reader sees);
which apps registered never changes the block's definition or its migration.

Who sees what: the embedded page is shown only when it is live, when the reader may see
it (``organisations.tenancy.can_view_page`` and Wagtail's view restrictions) and when it
is one the registration allows for the module's course (``choosable``: a page every
reader of the course may read). Otherwise the reader gets a short note instead, never
the content, so an internal article of one municipality does not leak into another's
module. The course's rule is applied when the module is read: a block's validation does
not know the module it sits in, and Wagtail's page chooser does not know the course.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.models import Page

from organisations.tenancy import can_view_page

if TYPE_CHECKING:
    from .models import CoursePage

#: Hook through which apps above ``courses`` register the page types a module may
#: embed. A registered function takes no arguments and returns one
#: ``EmbeddablePageType``.
MODULE_EMBEDS_HOOK = "lernwerk_module_embeds"


@dataclass(frozen=True)
class EmbeddablePageType:
    """A page type that modules may embed, as the app owning it registers it.

    - ``model``: the page class (its subclasses are embeddable as well).
    - ``label``: what the page is called for trainers and readers, in German
      ("Prozessbeschreibung"); named in messages and notes.
    - ``render(page, request, context)``: the HTML a reader sees in the module, for the
      specific, live ``page`` that the reader may see. ``context`` is the module's
      template context (``page`` is the module, ``course`` its course). The page's own
      heading is an ``h2``: the embed is a section of the module.
    - ``choosable(pages, course)``: the pages of the queryset ``pages`` that a trainer
      may embed in a module of ``course``: those every reader of the course may read.
    """

    model: type[Page]
    label: str
    render: Callable[[Page, HttpRequest | None, Mapping], str]
    choosable: Callable[[QuerySet, CoursePage], QuerySet]


def embeddable_page_types() -> list[EmbeddablePageType]:
    """All registered page types, asked anew each time (the hooks are cheap to call)."""
    return [register() for register in hooks.get_hooks(MODULE_EMBEDS_HOOK)]


def registration_for(page_class: type) -> EmbeddablePageType | None:
    """The registration that covers ``page_class``, or None if modules cannot embed it."""
    for registration in embeddable_page_types():
        if issubclass(page_class, registration.model):
            return registration
    return None


def embed_error(page: Page) -> str | None:
    """Why a trainer cannot embed ``page``, in German, or None if the page is fine.

    Only what holds for every course: the page type is registered and the page is live.
    """
    page_class = page.specific_class or type(page)
    if registration_for(page_class) is None:
        labels = ", ".join(str(r.label) for r in embeddable_page_types())
        return _(
            "Seiten vom Typ „%(type)s“ lassen sich nicht in ein Modul einbinden. "
            "Möglich sind: %(types)s."
        ) % {"type": page_class._meta.verbose_name, "types": labels or "–"}
    if not page.live:
        return _(
            "„%(title)s“ ist nicht veröffentlicht. Bitte wählen Sie eine veröffentlichte Seite."
        ) % {"title": page.title}
    return None


@dataclass(frozen=True)
class Embed:
    """What a reader gets in place of an embedded page: its ``html`` or a ``note``."""

    html: str = ""
    note: str = ""


UNAVAILABLE = _("Der hier eingebundene Inhalt ist nicht mehr verfügbar.")


def embed_for_reader(page: Page | None, context: Mapping) -> Embed:
    """The embedded ``page`` as the reader of the module (``context["request"]``) sees it.

    ``page`` is the chooser's value: None when the page was deleted. The checks run in
    the order a reader's trust needs: nothing of a page the reader may not see is read
    beyond its type and state.
    """
    if page is None:
        return Embed(note=UNAVAILABLE)
    registration = registration_for(page.specific_class or type(page))
    if registration is None or not page.live:
        return Embed(note=UNAVAILABLE)
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not _reader_may_see(request, page):
        return Embed(
            note=_("Der hier eingebundene Inhalt (%(label)s) ist für Sie nicht freigegeben.")
            % {"label": registration.label}
        )
    course = context.get("course") or getattr(context.get("page"), "course", None)
    if course is not None:
        pages = registration.model._default_manager.filter(pk=page.pk)
        if not registration.choosable(pages, course).exists():
            return Embed(
                note=_(
                    "Der hier eingebundene Inhalt (%(label)s) ist nicht für alle "
                    "Teilnehmenden dieses Kurses freigegeben und wird deshalb nicht angezeigt."
                )
                % {"label": registration.label}
            )
    return Embed(html=registration.render(page.specific, request, context))


def _reader_may_see(request: HttpRequest, page: Page) -> bool:
    """As if the reader opened the page itself: its municipality's rules (the page's own
    type decides whether it is read across the cooperation) and Wagtail's view
    restrictions (password, groups) of the page and its ancestors."""
    if not request.user.is_authenticated or not can_view_page(request.user, page.specific):
        return False
    return all(restriction.accept_request(request) for restriction in page.get_view_restrictions())

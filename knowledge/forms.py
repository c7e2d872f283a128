"""Front-end forms of process knowledge: the library's filters."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from courses.forms import FilterForm, SearchTermField, slug_parameter


class LibraryFilterForm(FilterForm):
    """``?q=``, ``?thema=`` and ``?kommune=`` of ``KnowledgeIndexPage``, read as the
    catalogue reads its parameters (``courses.forms``); ``?seite=`` is the paginator's."""

    q = SearchTermField()
    thema = slug_parameter(_("Thema"))
    kommune = slug_parameter(_("Kommune"))

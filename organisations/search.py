"""Wagtail's database search backend, with search text that no input can break.

Wagtail's database backend (django-modelsearch) hands the typed text to the database
almost unchanged. Two inputs end in a database error, i.e. an HTTP 500, in every
search of the site and of the Wagtail admin (explorer, page and image choosers, the
admin API), most of which Lernwerk does not own:

- a NUL byte: PostgreSQL refuses text containing one, SQLite's FTS5 parser stops at it;
- a double quote on SQLite: the backend wraps every term in ``"…"`` for FTS5 without
  doubling the quotes inside (``modelsearch.backends.database.sqlite.query.Lexeme``), so
  ``"``, ``"Meldebescheinigung`` or ``Melde"`` leave an unterminated FTS5 string.

The fix belongs where the text meets the database, so it is made once here rather than
in every view: NUL bytes are dropped (no indexed text contains one), and on SQLite
quotes inside a term are doubled, which is how FTS5 writes a literal quote. Our own
search forms still refuse NUL with a hint (``courses.forms.SearchTermField``).
Configured as ``WAGTAILSEARCH_BACKENDS["default"]["BACKEND"] = "organisations.search"``.
"""

from __future__ import annotations

import copy
import functools

from django.db import connection
from modelsearch.query import Boost, Fuzzy, Not, Phrase, PlainText, SearchQuery
from wagtail.search.backends import database


def safe_query(query, *, double_quotes: bool = False):
    """``query`` (text or a ``SearchQuery`` tree) without NUL bytes; with
    ``double_quotes``, every ``"`` written twice, as FTS5 strings need."""
    if isinstance(query, str):
        query = query.replace("\x00", " ")
        return query.replace('"', '""') if double_quotes else query
    if isinstance(query, PlainText | Phrase | Fuzzy):
        query = copy.copy(query)
        query.query_string = safe_query(query.query_string, double_quotes=double_quotes)
    elif isinstance(query, Boost | Not):
        query = copy.copy(query)
        query.subquery = safe_query(query.subquery, double_quotes=double_quotes)
    elif isinstance(query, SearchQuery) and hasattr(query, "subqueries"):  # And, Or
        query = copy.copy(query)
        query.subqueries = [
            safe_query(subquery, double_quotes=double_quotes) for subquery in query.subqueries
        ]
    return query


class SafeQueryMixin:
    #: Whether the database parses the text as FTS5 query syntax (SQLite).
    double_quotes = False

    def _search(self, query_compiler_class, query, model_or_queryset, **kwargs):
        query = safe_query(query, double_quotes=self.double_quotes)
        if isinstance(query, str):
            # A text of nothing but NUL bytes searches for nothing, as an empty one does.
            query = query.strip() and query
        return super()._search(query_compiler_class, query, model_or_queryset, **kwargs)


@functools.cache
def _safe(backend_class: type, double_quotes: bool) -> type:
    return type(
        f"Safe{backend_class.__name__}",
        (SafeQueryMixin, backend_class),
        {"double_quotes": double_quotes, "__module__": __name__},
    )


def SearchBackend(params):  # noqa: N802 - the name Wagtail looks up in a backend module
    """The backend Wagtail picks for the default database, with safe search text.

    The SQLite module is imported only on SQLite: its index model exists only there.
    """
    backend = database.SearchBackend(params)
    fts5 = False
    if connection.vendor == "sqlite":
        # Only here: the module defines the SQLite index model, which exists only there.
        from modelsearch.backends.database.sqlite.sqlite import SQLiteSearchBackend

        fts5 = isinstance(backend, SQLiteSearchBackend)
    return _safe(type(backend), fts5)(params)

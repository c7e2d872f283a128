"""The catalogue's search and filters, read through a form.

Query parameters are typed or edited by anyone; a form turns them into values the
database accepts (Django's ``CharField`` refuses NUL bytes, which PostgreSQL cannot
store) and into German hints for what it refused. A refused parameter is left out, so
the reader gets the normal page, with the hint, instead of an error.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .choices import DURATION_FILTERS, Level

#: For select parameters (topic, level, duration, municipality) that only a hand-edited
#: address can get wrong; the value itself is not repeated, it may be unprintable.
NOT_IN_LIST = _("Dieser Wert steht nicht zur Auswahl und wurde nicht berücksichtigt.")


class SearchTermField(forms.CharField):
    """A search term: at most 200 characters, no NUL byte, spaces collapsed."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Suchbegriff"))
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 200)
        kwargs.setdefault(
            "error_messages",
            {
                "null_characters_not_allowed": _(
                    "Der Suchbegriff enthält ein unzulässiges Zeichen. Bitte geben Sie ihn neu ein."
                )
            },
        )
        super().__init__(**kwargs)

    def clean(self, value):
        return " ".join(super().clean(value).split())


def choice_parameter(label, choices) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=[("", ""), *choices],
        required=False,
        error_messages={"invalid_choice": NOT_IN_LIST},
    )


def slug_parameter(label) -> forms.SlugField:
    """A slug chosen from a list the page builds (topics, municipalities); an unknown
    slug filters to nothing (topics) or is ignored (municipalities), as before."""
    return forms.SlugField(
        label=label,
        required=False,
        allow_unicode=True,
        error_messages={"invalid": NOT_IN_LIST, "null_characters_not_allowed": NOT_IN_LIST},
    )


class FilterForm(forms.Form):
    """A GET form whose valid fields filter and whose invalid ones are hinted at."""

    def filters(self) -> dict[str, str]:
        """Every field's cleaned value; "" for a field that is missing or refused."""
        self.is_valid()
        return {name: self.cleaned_data.get(name) or "" for name in self.fields}


class CatalogueFilterForm(FilterForm):
    """``?q=``, ``?thema=``, ``?stufe=`` and ``?dauer=`` of ``CourseIndexPage``.

    ``?seite=`` is left to ``Paginator.get_page``, which turns any value into a page.
    """

    q = SearchTermField()
    thema = slug_parameter(_("Thema"))
    stufe = choice_parameter(_("Niveau"), Level.choices)
    dauer = choice_parameter(
        _("Dauer"), [(key, value[0]) for key, value in DURATION_FILTERS.items()]
    )

"""The editor's form of a process article in the Wagtail admin.

It adds one choice that is not content: "erneute Kenntnisnahme erforderlich". The tick
is stored with the revision (``ProcessArticlePage.reacknowledge_on_publish``), so it
travels with the change through the Redaktion workflow or a scheduled publication and
takes effect when that revision is published (``knowledge.publishing``).

This module must not import ``knowledge.models`` at import time: the model names this
form as its ``base_form_class``.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.models import Page

from organisations.tenancy import admin_pages_visible_to


def pending_reacknowledgement(page) -> bool:
    """Whether the revision being edited asks for re-acknowledgement and is unpublished.

    The editor opens the latest revision. If that revision is still waiting (a draft, in
    moderation, scheduled), its tick stays ticked, so neither the author's next save nor
    the Redaktion's corrections lose it. Once a revision is published its tick has been
    used, and the next change starts unticked.
    """
    if not page.pk or not getattr(page, "reacknowledge_on_publish", False):
        return False
    revisions = Page.objects.filter(pk=page.pk).values_list(
        "live_revision_id", "latest_revision_id"
    )
    live_revision_id, latest_revision_id = revisions.first() or (None, None)
    return latest_revision_id is not None and latest_revision_id != live_revision_id


class ProcessArticlePageForm(WagtailAdminPageForm):
    """Adds "erneute Kenntnisnahme erforderlich" to the article's edit form."""

    reacknowledge = forms.BooleanField(
        label=_("Erneute Kenntnisnahme erforderlich"),
        required=False,
        help_text=_(
            "Ankreuzen, wenn sich der Ablauf wesentlich ändert: Mit der Veröffentlichung "
            "dieser Fassung müssen alle Betroffenen die Prozessbeschreibung erneut zur "
            "Kenntnis nehmen. Ohne Haken gilt die bisherige Kenntnisnahme weiter."
        ),
    )

    #: Page choices that would otherwise list every municipality's courses and
    #: articles, drafts and internal ones included.
    LISTED_PAGE_FIELDS = ("related_courses", "related_articles")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "reacknowledge" in self.fields:
            self.fields["reacknowledge"].initial = pending_reacknowledgement(self.instance)
        self.limit_page_choices()

    def limit_page_choices(self) -> None:
        """Offer only pages the author may list in the admin, and keep what is chosen.

        A page chosen earlier by someone who may list it (a Kooperations-Admin) stays a
        choice, so that saving the article does not silently drop the link.
        """
        if self.for_user is None:
            return
        for name in self.LISTED_PAGE_FIELDS:
            field = self.fields.get(name)
            if field is None:
                continue
            chosen = [page.pk for page in getattr(self.instance, name).all()]
            field.queryset = admin_pages_visible_to(
                field.queryset, self.for_user
            ) | field.queryset.filter(pk__in=chosen)

    def save(self, commit=True):
        self.instance.reacknowledge_on_publish = bool(self.cleaned_data.get("reacknowledge"))
        return super().save(commit=commit)

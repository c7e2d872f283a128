"""What happens when an article is published: the revision to acknowledge.

Wagtail publishes a revision in several ways: "Veröffentlichen" in the editor, the
Redaktion approving a workflow task, a scheduled publication, a revert. All of them end
in ``page_published`` with the page rebuilt from the published revision, so the
editor's "erneute Kenntnisnahme erforderlich" (``reacknowledge_on_publish``, stored with
the revision by ``knowledge.admin_forms``) arrives here whichever way it took.

- The first publication while the article has acknowledgement requirements sets the
  revision everybody affected must acknowledge.
- A later publication changes it only with the tick; without it acknowledgements of
  the earlier revision stay valid.
- The tick is used up: it is cleared on the page row, and the next edit starts without
  it (the form reads it only from unpublished revisions).
"""

from __future__ import annotations

from django.dispatch import receiver
from wagtail.signals import page_published

from core import versions

from .acknowledgements import has_requirements
from .models import ProcessArticlePage


@receiver(page_published, sender=ProcessArticlePage, dispatch_uid="knowledge_acknowledgement")
def set_acknowledgement_revision(sender, instance: ProcessArticlePage, revision, **kwargs):
    reacknowledge = instance.reacknowledge_on_publish
    changes = {}
    if reacknowledge:
        changes["reacknowledge_on_publish"] = False
    if has_requirements(instance) and (
        reacknowledge or instance.acknowledgement_revision_id is None
    ):
        changes["acknowledgement_revision"] = revision
    if changes:
        ProcessArticlePage.objects.filter(pk=instance.pk).update(**changes)
        # Caches filled between the publication's own bump and this update would keep
        # the old revision to acknowledge (``acknowledgements.articles_asking_acknowledgement``).
        versions.bump(versions.SITE)
        for field, value in changes.items():
            setattr(instance, field, value)

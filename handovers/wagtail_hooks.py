"""Wagtail hooks of handovers: what they add to pages of ``knowledge``."""

from django.db.models import Exists, OuterRef
from wagtail import hooks

from knowledge.acknowledgements import ACKNOWLEDGEMENT_OFFER_HOOK

from .models import HandoverItem
from .services import open_handovers


@hooks.register(ACKNOWLEDGEMENT_OFFER_HOOK)
def acknowledgement_asked_by_handover(employee) -> Exists | None:
    """An open handover item "zur Kenntnis nehmen" assigned to the reader asks them to
    acknowledge the article, even where the article does not require it of them.
    Nothing to ask for people without an open handover (``services.open_handovers``)."""
    if employee.pk not in open_handovers().people:
        return None
    return Exists(
        HandoverItem.objects.filter(
            article=OuterRef("pk"),
            kind=HandoverItem.Kind.ACKNOWLEDGE,
            assignee=employee,
            done_at__isnull=True,
        )
    )

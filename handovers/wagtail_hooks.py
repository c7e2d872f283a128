"""Wagtail hooks of handovers: what they add to pages of ``knowledge``."""

from django.db.models import Exists, OuterRef
from wagtail import hooks

from knowledge.acknowledgements import ACKNOWLEDGEMENT_OFFER_HOOK

from .models import HandoverItem


@hooks.register(ACKNOWLEDGEMENT_OFFER_HOOK)
def acknowledgement_asked_by_handover(employee) -> Exists:
    """An open handover item "zur Kenntnis nehmen" assigned to the reader asks them to
    acknowledge the article, even where the article does not require it of them."""
    return Exists(
        HandoverItem.objects.filter(
            article=OuterRef("pk"),
            kind=HandoverItem.Kind.ACKNOWLEDGE,
            assignee=employee,
            done_at__isnull=True,
        )
    )

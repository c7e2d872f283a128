"""Template tags of process knowledge: acknowledgements and reviews."""

from django import template

from knowledge import acknowledgements, reviews

register = template.Library()


# --- Acknowledgements and reviews --------------------------------------------------------
# Used by templates/knowledge/includes/acknowledgement_box.html, review_box.html and
# my_acknowledgements.html.


@register.simple_tag(takes_context=True)
def acknowledgement_state(context, article):
    """The reader's acknowledgement state of an article (``acknowledgements.state_for``)."""
    return acknowledgements.state_for(article, context["request"].user)


@register.simple_tag(takes_context=True)
def my_pending_acknowledgements(context):
    """Articles the reader must acknowledge and has not (``acknowledgements.pending_for``)."""
    return acknowledgements.pending_for(context["request"].user)


@register.simple_tag(takes_context=True)
def review_state(context, article):
    """What the "Geprüft am" box shows the reader (``reviews.state_for``)."""
    return reviews.state_for(article, context["request"].user)

"""What every front-end template needs: footer links and the language switch."""

from django.conf import settings
from django.utils.functional import SimpleLazyObject


def _legal_pages(request):
    """URLs of the accessibility statement and privacy notice (one query, lazily)."""
    from home.models import AccessibilityStatementPage, PrivacyNoticePage

    urls = {}
    for model, key in (
        (AccessibilityStatementPage, "accessibility"),
        (PrivacyNoticePage, "privacy"),
    ):
        page = model.objects.live().only("url_path", "path").first()
        urls[key] = page.get_url(request) if page else None
    return urls


def lernwerk(request):
    return {
        "legal_pages": SimpleLazyObject(lambda: _legal_pages(request)),
        "available_languages": settings.LANGUAGES,
        "feedback_email": settings.LERNWERK_FEEDBACK_EMAIL,
    }

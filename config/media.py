"""Media files in the quick start (``DEBUG``): images yes, documents never.

In production the web server serves ``MEDIA_ROOT`` and refuses ``/media/documents/``
(docs/operations.md). The quick start has no web server in front, so Django serves
media itself, and Django's ``static()`` helper would serve every uploaded document to
anyone signed in, bypassing the municipality check that Wagtail's document view runs
(``before_serve_document`` in ``organisations.wagtail_hooks``). Documents therefore go
only through ``/dokumente/<id>/<name>`` (``WAGTAILDOCS_SERVE_METHOD = "serve_view"``).
"""

from __future__ import annotations

import posixpath
import re

from django.conf import settings
from django.http import Http404
from django.urls import re_path
from django.views import static

#: The folder below ``MEDIA_ROOT`` where Wagtail stores documents
#: (``AbstractDocument.file``'s ``upload_to``).
DOCUMENTS_FOLDER = "documents"


def is_document_path(path: str) -> bool:
    """Whether ``path`` (relative to ``MEDIA_ROOT``) lies in the documents folder,
    however it is spelt (``./documents/x``, ``images/../documents/x``, ``//documents``)."""
    normalised = posixpath.normpath(path.replace("\\", "/")).lstrip("/")
    return normalised.split("/", 1)[0].lower() == DOCUMENTS_FOLDER


def serve_media(request, path: str):
    """Django's development file view for ``MEDIA_ROOT``, without the documents."""
    if is_document_path(path):
        raise Http404
    return static.serve(request, path, document_root=settings.MEDIA_ROOT)


def media_urlpatterns() -> list:
    """``MEDIA_URL`` served by ``serve_media`` when ``DEBUG`` is on, else nothing."""
    if not settings.DEBUG:
        return []
    prefix = settings.MEDIA_URL.lstrip("/")
    return [re_path(rf"^{re.escape(prefix)}(?P<path>.*)$", serve_media)]

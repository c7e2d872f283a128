"""Documents are served only through Wagtail's document view, also in the quick start.

The quick start (``DEBUG``) serves ``MEDIA_ROOT`` through Django; the documents folder
is not part of it, so ``/media/documents/…`` never bypasses the municipality check of
``/dokumente/…`` (``before_serve_document``).
"""

import importlib.util
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.http import Http404
from django.test import RequestFactory, override_settings
from django.urls import Resolver404, resolve
from wagtail.documents.models import Document

from config.media import is_document_path, serve_media
from organisations.tests.factories import make_municipality

URLS_FILE = Path(__file__).resolve().parent.parent / "urls.py"


@pytest.fixture
def media_root(tmp_path, settings):
    settings.MEDIA_ROOT = str(tmp_path)
    (tmp_path / "documents").mkdir()
    (tmp_path / "documents" / "dienstanweisung.pdf").write_bytes(b"%PDF-1.4 intern")
    (tmp_path / "images").mkdir()
    (tmp_path / "images" / "rathaus.png").write_bytes(b"\x89PNG bild")
    return tmp_path


def _get(path):
    return RequestFactory().get(f"/media/{path}")


def _debug_urlconf():
    """``config/urls.py`` imported afresh with ``DEBUG`` on, as the quick start does,
    under another module name so the test run's own URLconf stays as it is."""
    spec = importlib.util.spec_from_file_location("quickstart_urls", URLS_FILE)
    module = importlib.util.module_from_spec(spec)
    with override_settings(DEBUG=True):
        spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(
    "path",
    [
        "documents/dienstanweisung.pdf",
        "./documents/dienstanweisung.pdf",
        "images/../documents/dienstanweisung.pdf",
        "/documents/dienstanweisung.pdf",
        "Documents/dienstanweisung.pdf",
        "documents/",
    ],
)
def test_media_view_refuses_documents(media_root, path):
    assert is_document_path(path)
    with pytest.raises(Http404):
        serve_media(_get(path), path)


def test_media_view_serves_images(media_root):
    response = serve_media(_get("images/rathaus.png"), "images/rathaus.png")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"\x89PNG bild"


def test_quick_start_routes_media_through_the_view_without_documents():
    urls = _debug_urlconf()
    for path in ("/media/documents/dienstanweisung.pdf", "/media/images/rathaus.png"):
        assert resolve(path, urlconf=urls).func is serve_media


def test_without_debug_django_serves_no_media():
    with pytest.raises(Resolver404):
        resolve("/media/images/rathaus.png")


@pytest.mark.django_db
def test_documents_are_linked_through_the_document_view():
    """``WAGTAILDOCS_SERVE_METHOD = "serve_view"``: links never point into /media/."""
    from config.settings import dev

    municipality = make_municipality("Blomberg", slug="blomberg")
    document = Document.objects.create(
        title="Dienstanweisung",
        file=ContentFile(b"%PDF-1.4 intern", name="dienstanweisung.pdf"),
        collection=municipality.collection,
    )
    assert document.url.startswith("/dokumente/")
    assert dev.WAGTAILDOCS_SERVE_METHOD == "serve_view"

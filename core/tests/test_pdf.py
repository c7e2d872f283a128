"""PDFs: tagged documents from templates, with nothing loaded but the static files."""

import io

import pypdf
import pytest
from django.conf import settings
from django.test import override_settings
from weasyprint.urls import FatalURLFetchingError

from core.pdf import StaticFileFetcher, render_pdf

SAMPLE = """{% load static %}<!DOCTYPE html>
<html lang="de">
<head>
  <meta charset="utf-8">
  <title>Probedokument</title>
  <link rel="stylesheet" href="{% static 'css/certificate.css' %}">
</head>
<body><h1>{{ heading }}</h1>{% if picture %}<img src="{{ picture }}" alt="Bild">{% endif %}</body>
</html>
"""

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "OPTIONS": {
            "loaders": [("django.template.loaders.locmem.Loader", {"sample.html": SAMPLE})]
        },
    }
]


def _pdf(content: bytes) -> pypdf.PdfReader:
    assert content.startswith(b"%PDF-")
    return pypdf.PdfReader(io.BytesIO(content))


@override_settings(TEMPLATES=TEMPLATES)
def test_a_template_becomes_a_tagged_pdf_with_its_language_and_title():
    reader = _pdf(render_pdf("sample.html", {"heading": "Grüße aus dem Rathaus"}))
    catalog = reader.trailer["/Root"]

    assert "Grüße aus dem Rathaus" in reader.pages[0].extract_text()
    assert bool(catalog["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in catalog
    assert catalog["/Lang"] == "de"
    assert bool(catalog["/ViewerPreferences"]["/DisplayDocTitle"])
    assert reader.metadata.title == "Probedokument"
    assert b"pdfuaid" in catalog["/Metadata"].get_data()  # declared PDF/UA-1


@override_settings(TEMPLATES=TEMPLATES)
def test_a_template_that_asks_for_another_address_is_not_rendered():
    with pytest.raises(FatalURLFetchingError):
        render_pdf("sample.html", {"heading": "Test", "picture": "https://example.org/bild.png"})


def test_pdf_renderer_reads_static_files_from_disk_and_nothing_else():
    fetcher = StaticFileFetcher()
    base = settings.WAGTAILADMIN_BASE_URL
    css = fetcher.fetch(f"{base}/static/css/certificate.css")
    assert css.content_type == "text/css"
    assert b"@page" in css.read()
    for url in (
        "https://example.org/static/css/certificate.css",
        f"{base}/media/secret.pdf",
        "file:///etc/passwd",
        f"{base}/static/css/nonexistent.css",
        f"{base}/static/../config/settings/base.py",
        f"{base}/static/css/%2e%2e/%2e%2e/manage.py",
    ):
        with pytest.raises(ValueError):
            fetcher.fetch(url)

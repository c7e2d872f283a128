"""PDFs from templates: WeasyPrint, tagged (PDF/UA-1), static files from disk only.

Certificates, process articles and handover packages are all printed this way, so they
are all tagged PDFs: headings, lists and tables become the structure tree, and the
document language and title (the template's ``lang`` and ``<title>``) its metadata,
which viewers show and screen readers read.

WeasyPrint reads stylesheets, fonts and images from the static files on disk
(``StaticFileFetcher``) and never opens a network connection, so rendering works on
servers without internet access and a template cannot be made to fetch anything else.

The template is rendered in the active language; a producer whose document is always in
German builds its context and calls ``render_pdf`` inside ``translation.override("de")``.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urljoin, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse


def render_pdf(template_name: str, context: dict) -> bytes:
    """The template as a tagged PDF (PDF/UA-1); no HTTP request needed.

    Relative and ``{% static %}`` URLs are resolved against ``WAGTAILADMIN_BASE_URL``,
    the address the documents print as theirs.
    """
    html = HTML(
        string=render_to_string(template_name, context),
        base_url=settings.WAGTAILADMIN_BASE_URL,
        url_fetcher=StaticFileFetcher(),
    )
    return html.write_pdf(pdf_variant="pdf/ua-1", pdf_tags=True)


class StaticFileFetcher(URLFetcher):
    """Serves WeasyPrint the static files from disk; any other address is refused.

    ``{% static %}`` URLs are resolved against ``WAGTAILADMIN_BASE_URL``. Below that
    address and ``STATIC_URL``, a file is looked up in the static folders, then in the
    collected files (where production's hashed names live). A file that cannot be found
    stops the rendering instead of producing an unstyled document.
    """

    def __init__(self) -> None:
        super().__init__(fail_on_errors=True)

    def fetch(self, url, headers=None) -> URLFetcherResponse:
        static_url = urljoin(settings.WAGTAILADMIN_BASE_URL, settings.STATIC_URL)
        if not url.startswith(static_url):
            raise ValueError(f"PDFs load static files only, not {url}")
        name = unquote(urlsplit(url).path.removeprefix(urlsplit(static_url).path))
        if ".." in PurePosixPath(name).parts:
            raise ValueError(f"Not a static file: {url}")
        filename = _static_file(name)
        if filename is None:
            raise ValueError(f"Static file not found: {url}")
        content_type = mimetypes.guess_type(filename.name)[0] or "application/octet-stream"
        return URLFetcherResponse(
            url, body=filename.read_bytes(), headers={"Content-Type": content_type}
        )


def _static_file(name: str) -> Path | None:
    """The source file first (never a stale collected copy), then the collected one."""
    found = finders.find(name)
    if found:
        return Path(found)
    try:
        if staticfiles_storage.exists(name):
            return Path(staticfiles_storage.path(name))
    except NotImplementedError:  # Storage.path(): a storage without local files
        pass
    return None

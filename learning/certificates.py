"""Certificates: a PDF for each course completion, and the public check of its code.

The PDF is rendered from ``learning/certificate.html`` by ``core.pdf.render_pdf`` as a
tagged PDF (PDF/UA-1: structure tree, document language, title shown by viewers), so
screen readers can read it. It shows only the snapshot kept on the completion, so a
certificate stays the same document when the course or the person's name changes later.

WeasyPrint reads the stylesheet from the static files on disk (``core.pdf``'s
``StaticFileFetcher``) and never opens a network connection, so rendering works on
servers without internet access and cannot be made to fetch anything else.

The verification page is public: it shows name, course and date for a valid code and
nothing more, and lookups are rate-limited per client address in the cache.
"""

from __future__ import annotations

import re
import secrets
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import caches
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import ngettext

from core.mail import absolute_url
from core.pdf import render_pdf
from courses.models import CoursePage
from organisations.roles import is_cooperation_admin

from .models import CourseCompletion

#: Length of a verification code.
CODE_LENGTH = 16
#: Verification codes: 16 characters of base32 without look-alikes, 80 bits of randomness.
_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
_CODE_FORMAT = re.compile(rf"[A-Z0-9]{{{CODE_LENGTH}}}")
#: What people type between the groups of a code, or copy along with it.
_CODE_SEPARATORS = re.compile(r"[\s\-‐‑‒–—_.]+")


def new_verification_code() -> str:
    """A random code of 16 characters from 32 symbols (80 bits), easy to read aloud."""
    return "".join(secrets.choice(_CODE_ALPHABET) for _ in range(CODE_LENGTH))


def downloadable_certificates(user) -> QuerySet[CourseCompletion]:
    """Completions whose certificate ``user`` may download.

    The learner's own, and every one for cooperation admins (who answer requests for a
    lost certificate). Managers are deliberately not included: a certificate shows
    details they do not see in reports.
    """
    if is_cooperation_admin(user):
        return CourseCompletion.objects.all()
    return CourseCompletion.objects.of(user)


# --- Codes ----------------------------------------------------------------------------


def normalise_code(raw: str) -> str:
    """What a person typed, as stored: upper case, without spaces and dashes."""
    return _CODE_SEPARATORS.sub("", raw or "").upper()


def is_well_formed_code(code: str) -> bool:
    return bool(_CODE_FORMAT.fullmatch(code))


def grouped_code(code: str) -> str:
    """``ABCDEFGHJKLMNPQR`` as ``ABCD-EFGH-JKLM-NPQR``, easier to read aloud and type."""
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


def find_by_code(raw: str) -> CourseCompletion | None:
    """The completion with this verification code, reading only what the check shows."""
    code = normalise_code(raw)
    if not is_well_formed_code(code):
        return None
    return (
        CourseCompletion.objects.filter(verification_code=code)
        .only("learner_name", "course_title", "completed_at")
        .first()
    )


def verification_url(completion: CourseCompletion) -> str:
    """The public address that confirms this certificate, printed on it."""
    path = reverse("verify_certificate")
    query = urlencode({"code": completion.verification_code})
    return absolute_url(f"{path}?{query}")


def verification_allowed(client: str) -> bool:
    """Count one lookup for ``client``; False once the limit is used up.

    ``LERNWERK_VERIFY_RATE_LIMIT`` is (lookups, seconds); the window starts with the
    client's first lookup. The count must be shared by all worker processes, so
    production needs a shared cache; ``incr`` is atomic and keeps the expiry in the
    Redis and Memcached caches (the database and file caches reset it to their default
    timeout on every lookup).
    """
    limit, window = settings.LERNWERK_VERIFY_RATE_LIMIT
    key = f"lernwerk:verify:{client}"
    if caches["shared"].add(key, 1, timeout=window):
        return 1 <= limit
    try:
        count = caches["shared"].incr(key)
    except ValueError:  # expired since ``add``: a new window
        caches["shared"].set(key, 1, timeout=window)
        count = 1
    return count <= limit


# --- The PDF --------------------------------------------------------------------------


def format_duration(minutes: int) -> str:
    """``80`` as "1 Stunde 20 Minuten", in the active language."""
    hours, rest = divmod(minutes, 60)
    parts = []
    if hours:
        parts.append(ngettext("%(count)d Stunde", "%(count)d Stunden", hours) % {"count": hours})
    if rest or not hours:
        parts.append(ngettext("%(count)d Minute", "%(count)d Minuten", rest) % {"count": rest})
    return " ".join(parts)


def certificate_filename(completion: CourseCompletion) -> str:
    """``Zertifikat-<course slug>-<date>.pdf``; the title's slug if the course is gone."""
    slug = CoursePage.objects.filter(pk=completion.course_id).values_list("slug", flat=True).first()
    slug = slug or slugify(completion.course_title)
    day = timezone.localdate(completion.completed_at).isoformat()
    return f"Zertifikat-{slug or 'kurs'}-{day}.pdf"


def certificate_context(completion: CourseCompletion) -> dict:
    return {
        "completion": completion,
        "duration": format_duration(completion.duration_minutes),
        "code": grouped_code(completion.verification_code),
        "verification_url": verification_url(completion),
        "verification_page": reverse("verify_certificate"),
        "site_url": absolute_url(""),
    }


def render_certificate_pdf(completion: CourseCompletion) -> bytes:
    """The certificate as a tagged PDF (PDF/UA-1), always in German: the document says
    ``lang="de"``; no HTTP request needed."""
    with translation.override("de"):
        return render_pdf("learning/certificate.html", certificate_context(completion))

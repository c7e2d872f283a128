"""The English catalogue translates every German text, and none only by guess.

``makemessages`` marks a changed text "fuzzy" with the old translation as a guess; such
a guess is often wrong ("Fertig" → "Advanced") and Django does not use it, so English
users would read German. Run ``manage.py makemessages -l en`` and translate what this
test lists.
"""

import subprocess
from pathlib import Path

from django.conf import settings

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES" / "django.po"


def entries(*options: str) -> list[str]:
    """The msgids ``msgattrib`` selects with ``options``, the header left out."""
    output = subprocess.run(
        ["msgattrib", "--no-obsolete", "--no-wrap", *options, str(CATALOGUE)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return [
        line for line in output.splitlines() if line.startswith("msgid ") and line != 'msgid ""'
    ]


def test_english_catalogue_has_no_untranslated_texts():
    assert entries("--untranslated") == []


def test_english_catalogue_has_no_fuzzy_guesses():
    assert entries("--only-fuzzy") == []

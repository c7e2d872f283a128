"""Certificates: a tagged PDF for the learner, and a public check that shows little."""

import io
import random
import re
from collections import Counter
from datetime import datetime

import bs4
import pypdf
import pytest
from django.conf import settings
from django.core.cache import caches
from django.urls import reverse
from django.utils import timezone

from courses.tests.factories import (
    data_for_module,
    make_course,
    make_course_index,
    make_module,
    section_of,
)
from learning.certificates import (
    _CODE_ALPHABET,
    certificate_filename,
    find_by_code,
    format_duration,
    new_verification_code,
    normalise_code,
    render_certificate_pdf,
)
from learning.models import CourseCompletion
from learning.progress import complete_module
from organisations.tests.factories import (
    make_cooperation_admin,
    make_employee,
    make_manager,
    make_municipality,
    make_unit,
)

pytestmark = pytest.mark.django_db

VERIFY_URL = "/zertifikat/pruefen/"


@pytest.fixture(scope="module")
def town(django_db_setup, django_db_blocker):
    """Jana Beispiel of Blomberg has completed the shared course "Datenschutz im Amt"."""
    with data_for_module(django_db_blocker):
        with django_db_blocker.unblock():
            blomberg = make_municipality("Blomberg", slug="blomberg")
            luegde = make_municipality("Lügde", slug="luegde")
            unit = make_unit(blomberg, "Bürgerbüro")
            learner = make_employee(unit=unit, first_name="Jana", last_name="Beispiel").user
            course = make_course(
                make_course_index(section_of(None)),
                "Datenschutz im Amt",
                slug="datenschutz-im-amt",
            )
            modules = [
                make_module(course, "Grundsätze", estimated_minutes=30),
                make_module(course, "Auskunftsrechte", estimated_minutes=50),
                make_module(course, "Vertiefung", optional=True, estimated_minutes=20),
            ]
            completion = None
            for module in modules[:2]:
                completion = complete_module(learner, module) or completion
            data = {
                "blomberg": blomberg,
                "course": course,
                "modules": modules,
                "learner": learner,
                "completion": completion,
                "colleague": make_employee(unit=unit, first_name="Kai", last_name="Nachbar").user,
                "manager": make_manager(unit, first_name="Mia", last_name="Leitung").user,
                "stranger": make_employee(luegde, first_name="Ole", last_name="Fremd").user,
                "admin": make_cooperation_admin(first_name="Ada", last_name="Admin"),
            }
        yield data


@pytest.fixture(autouse=True)
def _empty_cache():
    """The rate limit counts in the cache: every test starts with a clean slate."""
    caches["shared"].clear()
    yield
    caches["shared"].clear()


def _pdf(content: bytes) -> pypdf.PdfReader:
    assert content.startswith(b"%PDF-")
    return pypdf.PdfReader(io.BytesIO(content))


def _text(reader: pypdf.PdfReader) -> str:
    """The text of all pages, with line breaks folded into spaces."""
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def _certificate_url(completion) -> str:
    return reverse("learning:certificate", args=[completion.pk])


def _html(response) -> str:
    return response.content.decode()


# --- The completion and its code --------------------------------------------------------


def test_completing_every_required_module_records_the_completion(town):
    completion = town["completion"]
    assert completion is not None
    assert (completion.user, completion.course) == (town["learner"], town["course"])
    assert completion.learner_name == "Jana Beispiel"
    assert completion.municipality_name == "Blomberg"
    assert completion.duration_minutes == 100  # all live modules, optional ones too


def test_verification_codes_are_random_unique_and_from_the_alphabet():
    codes = [new_verification_code() for _ in range(20_000)]

    assert len(set(codes)) == len(codes)
    assert all(len(code) == 16 and set(code) <= set(_CODE_ALPHABET) for code in codes)
    assert len(set(_CODE_ALPHABET)) == 32  # 16 symbols of 5 bits: 80 bits
    # Every symbol in every position, each about 1/32 of the time (expected 625 per cell;
    # the bounds are > 8 standard deviations away, so the test never flickers).
    for position in range(16):
        counts = Counter(code[position] for code in codes)
        assert set(counts) == set(_CODE_ALPHABET)
        assert all(430 < count < 830 for count in counts.values()), (position, counts)


def test_verification_codes_do_not_come_from_the_seedable_random_module():
    random.seed(4)
    first = new_verification_code()
    random.seed(4)
    assert new_verification_code() != first


def test_every_completion_gets_its_own_code(town):
    other = make_employee(town["blomberg"]).user
    first, last = town["modules"][:2]
    assert complete_module(other, first) is None
    completion = complete_module(other, last)
    assert completion is not None
    assert completion.verification_code != town["completion"].verification_code
    assert re.fullmatch(r"[A-Z2-9]{16}", completion.verification_code)


# --- The PDF ----------------------------------------------------------------------------


def test_certificate_pdf_shows_the_facts_and_the_verification_address(town):
    completion = CourseCompletion.objects.get(pk=town["completion"].pk)  # a copy to change
    completion.completed_at = timezone.make_aware(datetime(2026, 3, 2, 23, 30))
    reader = _pdf(render_certificate_pdf(completion))
    text = _text(reader)

    code = completion.verification_code
    assert "Teilnahmezertifikat" in text
    assert "Jana Beispiel" in text
    assert "Datenschutz im Amt" in text
    assert "Blomberg" in text
    assert "2. März 2026" in text  # German, local time (23:30 in Berlin)
    assert "1 Stunde 40 Minuten" in text
    assert f"{code[:4]}-{code[4:8]}-{code[8:12]}-{code[12:]}" in text
    url = f"{settings.WAGTAILADMIN_BASE_URL}{VERIFY_URL}?code={code}"
    assert url in text.replace(" ", "")
    links = [
        annotation.get_object()["/A"]["/URI"]
        for annotation in reader.pages[0].get("/Annots", [])
        if annotation.get_object().get("/Subtype") == "/Link"
    ]
    assert url in links


def test_certificate_pdf_is_tagged_with_language_and_title(town):
    reader = _pdf(render_certificate_pdf(town["completion"]))
    catalog = reader.trailer["/Root"]

    assert bool(catalog["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in catalog
    assert catalog["/Lang"] == "de"
    assert bool(catalog["/ViewerPreferences"]["/DisplayDocTitle"])
    assert "Datenschutz im Amt" in reader.metadata.title
    assert "Jana Beispiel" in reader.metadata.title
    assert b"pdfuaid" in catalog["/Metadata"].get_data()  # declared PDF/UA-1


def test_certificate_keeps_the_name_and_title_of_the_day(town):
    completion = town["completion"]
    type(town["learner"]).objects.filter(pk=town["learner"].pk).update(last_name="Neuname")
    completion = CourseCompletion.objects.get(pk=completion.pk)

    text = _text(_pdf(render_certificate_pdf(completion)))
    assert "Jana Beispiel" in text
    assert "Neuname" not in text


@pytest.mark.parametrize(
    ("minutes", "text"),
    [(45, "45 Minuten"), (60, "1 Stunde"), (61, "1 Stunde 1 Minute"), (125, "2 Stunden 5 Minuten")],
)
def test_duration_is_written_out_in_german(minutes, text):
    assert format_duration(minutes) == text


def test_certificate_filename_names_course_and_date(town):
    completion = town["completion"]
    day = timezone.localdate(completion.completed_at).isoformat()
    assert certificate_filename(completion) == f"Zertifikat-datenschutz-im-amt-{day}.pdf"


# --- Who may download -------------------------------------------------------------------


def test_learner_downloads_own_certificate_as_pdf_attachment(client, town):
    completion = town["completion"]
    client.force_login(town["learner"])
    response = client.get(_certificate_url(completion))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'attachment; filename="{certificate_filename(completion)}"'
    )
    assert "no-store" in response["Cache-Control"]
    assert "Jana Beispiel" in _text(_pdf(response.content))


def test_cooperation_admin_can_download_any_certificate_and_it_is_logged(client, town, caplog):
    completion, admin = town["completion"], town["admin"]
    client.force_login(admin)
    with caplog.at_level("INFO", logger="learning.views"):
        response = client.get(_certificate_url(completion))
    assert response.status_code == 200
    assert "Jana Beispiel" in _text(_pdf(response.content))
    assert caplog.messages == [
        f"Certificate {completion.pk} of user {completion.user_id} "
        f"downloaded by admin user {admin.pk}"
    ]


def test_learners_own_downloads_are_not_logged(client, town, caplog):
    client.force_login(town["learner"])
    with caplog.at_level("INFO", logger="learning.views"):
        assert client.get(_certificate_url(town["completion"])).status_code == 200
    assert caplog.messages == []


@pytest.mark.parametrize("who", ["colleague", "manager", "stranger"])
def test_others_get_not_found_for_a_certificate(client, town, who):
    """A colleague, the learner's own manager and staff of another municipality."""
    client.force_login(town[who])
    response = client.get(_certificate_url(town["completion"]))
    assert response.status_code == 404
    assert b"Jana" not in response.content


def test_unknown_certificate_id_is_not_found(client, town):
    client.force_login(town["admin"])
    assert client.get(reverse("learning:certificate", args=[999_999_999])).status_code == 404


def test_anonymous_visitor_is_sent_to_login_for_a_certificate(client, town):
    response = client.get(_certificate_url(town["completion"]))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


# --- Public verification ----------------------------------------------------------------


def test_verification_page_works_without_login(client, town):
    response = client.get(VERIFY_URL)
    assert response.status_code == 200
    soup = bs4.BeautifulSoup(response.content, "html.parser")
    field = soup.find("input", attrs={"name": "code"})
    assert soup.find("label", attrs={"for": field["id"]}).get_text(strip=True) == "Prüfcode"
    assert soup.find("h1").get_text(strip=True) == "Zertifikat prüfen"
    assert soup.find("html")["lang"] == "de"
    assert response["X-Robots-Tag"] == "noindex"


def test_valid_code_shows_name_course_and_date_only(client, town):
    completion = town["completion"]
    response = client.get(VERIFY_URL, {"code": completion.verification_code})

    assert response.status_code == 200
    soup = bs4.BeautifulSoup(response.content, "html.parser")
    result = soup.select_one(".verify-result")
    assert "Dieses Zertifikat ist echt." in result.get_text()
    facts = [dd.get_text(strip=True) for dd in result.find_all("dd")]
    date = timezone.localdate(completion.completed_at)
    assert facts[:2] == ["Jana Beispiel", "Datenschutz im Amt"]
    assert facts[2].startswith(f"{date.day}. ") and facts[2].endswith(str(date.year))
    assert [dt.get_text(strip=True) for dt in result.find_all("dt")] == [
        "Name",
        "Kurs",
        "Abgeschlossen am",
    ]
    page = _html(response)
    for hidden in ("Blomberg", "Bürgerbüro", "Minuten", "bestanden", "Quiz"):
        assert hidden not in page


@pytest.mark.parametrize("typed", ["{lower}", " {grouped} ", "{spaced}", "{lower_grouped}"])
def test_code_is_accepted_in_lower_case_with_spaces_and_dashes(client, town, typed):
    code = town["completion"].verification_code
    grouped = "-".join(code[i : i + 4] for i in range(0, 16, 4))
    value = typed.format(
        lower=code.lower(),
        grouped=grouped,
        spaced=grouped.replace("-", " "),
        lower_grouped=grouped.lower(),
    )
    assert normalise_code(value) == code
    response = client.get(VERIFY_URL, {"code": value})
    assert "Dieses Zertifikat ist echt." in _html(response)


def test_unknown_code_gets_a_german_message(client, town):
    response = client.get(VERIFY_URL, {"code": "ZZZZ-ZZZZ-ZZZZ-ZZZZ"})
    assert response.status_code == 200
    soup = bs4.BeautifulSoup(response.content, "html.parser")
    alert = soup.select_one('[role="alert"]')
    assert "Zu diesem Prüfcode gibt es kein Zertifikat." in alert.get_text()
    assert "Jana" not in _html(response)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Bitte geben Sie den Prüfcode ein."),
        ("ABC", "Ein Prüfcode besteht aus 16 Buchstaben und Ziffern."),
        ("ABCD-EFGH-JKLM-NPQ!", "Ein Prüfcode besteht aus 16 Buchstaben und Ziffern."),
        ("A" * 65, "Dieser Prüfcode ist zu lang."),
    ],
)
def test_malformed_code_is_explained_next_to_the_field(client, town, typed, message):
    response = client.get(VERIFY_URL, {"code": typed})
    assert response.status_code == 200
    soup = bs4.BeautifulSoup(response.content, "html.parser")
    error = soup.select_one(".field__errors")
    assert error["role"] == "alert"
    assert message in error.get_text()
    field = soup.find("input", attrs={"name": "code"})
    assert field["aria-invalid"] == "true"
    assert error["id"] in field["aria-describedby"].split()


def test_lookup_by_code_reads_nothing_but_what_the_page_shows(town, django_assert_num_queries):
    with django_assert_num_queries(1):
        completion = find_by_code(town["completion"].verification_code.lower())
    assert completion.pk == town["completion"].pk
    assert find_by_code("not a code") is None


def test_verification_is_rate_limited_per_client_address(client, town, settings):
    settings.LERNWERK_VERIFY_RATE_LIMIT = (3, 600)
    code = town["completion"].verification_code
    for _ in range(3):
        assert client.get(VERIFY_URL, {"code": code}).status_code == 200

    refused = client.get(VERIFY_URL, {"code": code})
    assert refused.status_code == 429
    assert refused["Retry-After"] == "600"
    page = _html(refused)
    assert "zu viele Prüfungen" in page
    assert "Jana" not in page

    other_address = client.get(VERIFY_URL, {"code": code}, REMOTE_ADDR="192.0.2.7")
    assert other_address.status_code == 200
    assert "Jana Beispiel" in _html(other_address)


def test_unknown_codes_count_towards_the_limit_and_the_empty_form_does_not(client, settings):
    settings.LERNWERK_VERIFY_RATE_LIMIT = (2, 600)
    for _ in range(5):
        assert client.get(VERIFY_URL).status_code == 200
    assert client.get(VERIFY_URL, {"code": "ZZZZZZZZZZZZZZZZ"}).status_code == 200
    assert client.get(VERIFY_URL, {"code": "YYYYYYYYYYYYYYYY"}).status_code == 200
    assert client.get(VERIFY_URL, {"code": "XXXXXXXXXXXXXXXX"}).status_code == 429


def test_default_rate_limit_is_twenty_lookups_in_ten_minutes():
    assert settings.LERNWERK_VERIFY_RATE_LIMIT == (20, 600)


def test_completions_are_kept_as_a_history_with_distinct_codes(town):
    """Certificates stay downloadable: a second completion row leaves the first alone."""
    first = town["completion"]
    second = CourseCompletion.objects.create(
        user=first.user,
        course=first.course,
        course_title=first.course_title,
        duration_minutes=first.duration_minutes,
        learner_name=first.learner_name,
        completed_at=timezone.now(),
        quizzes_passed=True,
        verification_code=new_verification_code(),
    )
    assert find_by_code(first.verification_code).pk == first.pk
    assert find_by_code(second.verification_code).pk == second.pk

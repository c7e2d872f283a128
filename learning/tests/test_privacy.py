"""Learning records belong to the learner: nobody else reads them through any URL.

Each test tries somebody else's ids, from the same municipality and from another one,
as a colleague, as a manager (who sees no scores, attempts or certificates) and as a
stranger. Cooperation admins may download certificates, nothing more.
"""

import json

import bs4
import pytest
from django.urls import reverse
from django.utils.datastructures import MultiValueDict

from courses.models import ModulePage
from courses.tests.factories import (
    SAMPLE_QUIZ_CORRECT,
    data_for_module,
    make_course,
    make_course_index,
    make_module,
    sample_quiz,
    section_of,
)
from learning.models import CourseCompletion, QuizAttempt
from learning.progress import complete_module
from learning.quiz import submit_quiz
from organisations.tests.factories import (
    make_cooperation_admin,
    make_employee,
    make_manager,
    make_municipality,
    make_unit,
)

pytestmark = pytest.mark.django_db

#: Feedback and explanation that only a graded attempt shows (see ``sample_quiz``).
RESULT_ONLY = ("RUECKMELDUNG-RICHTIG-Q1", "ERKLAERUNG-Q1")
#: Everyone who is not Jana, and not an admin.
OTHERS = ["colleague", "manager", "stranger", "stranger_manager"]


def _pass_quiz(module, user) -> QuizAttempt:
    return submit_quiz(module, user, "quiz-1", MultiValueDict(SAMPLE_QUIZ_CORRECT))


def _take_course(modules, user) -> CourseCompletion:
    completion = None
    for module in modules:
        if module.completion_rule == ModulePage.CompletionRule.QUIZ:
            _pass_quiz(module, user)
        completion = complete_module(user, module) or completion
    return completion


@pytest.fixture(scope="module")
def town(django_db_setup, django_db_blocker):
    """Jana (Blomberg) took a shared and a Blomberg-only course; everybody else took the
    shared course too, so ids of their records exist to be tried."""
    with data_for_module(django_db_blocker):
        with django_db_blocker.unblock():
            blomberg = make_municipality("Blomberg", slug="blomberg")
            luegde = make_municipality("Lügde", slug="luegde")
            unit = make_unit(blomberg, "Ordnungsamt")
            foreign_unit = make_unit(luegde, "Bauamt")
            shared = make_course(make_course_index(section_of(None)), "Datenschutz")
            shared_modules = [
                make_module(shared, "Grundlagen"),
                make_module(
                    shared,
                    "Abschlusstest",
                    body=[sample_quiz()],
                    completion_rule=ModulePage.CompletionRule.QUIZ,
                ),
            ]
            private = make_course(make_course_index(section_of(blomberg)), "Blomberger Kasse")
            private_module = make_module(private, "Kassenprüfung", body=[sample_quiz()])

            people = {
                "learner": make_employee(unit=unit, first_name="Jana", last_name="Beispiel"),
                "colleague": make_employee(unit=unit, first_name="Kai", last_name="Nachbar"),
                "manager": make_manager(unit, first_name="Mia", last_name="Leitung"),
                "stranger": make_employee(unit=foreign_unit, first_name="Ole", last_name="Fremd"),
                "stranger_manager": make_manager(foreign_unit, first_name="Uwe", last_name="Chef"),
            }
            users = {role: employee.user for role, employee in people.items()}
            completions = {role: _take_course(shared_modules, u) for role, u in users.items()}
            data = {
                **users,
                "admin": make_cooperation_admin(first_name="Ada", last_name="Admin"),
                "completions": completions,
                "shared_quiz": shared_modules[1],
                "shared_attempt": QuizAttempt.objects.get(
                    user=users["learner"], module=shared_modules[1]
                ),
                "private_module": private_module,
                "private_attempt": _pass_quiz(private_module, users["learner"]),
                "private_completion": complete_module(users["learner"], private_module),
            }
        yield data


def _shows_result(response) -> bool:
    html = response.content.decode()
    return 'id="quiz-ergebnis"' in html or any(secret in html for secret in RESULT_ONLY)


# --- Quiz results (?versuch=) -----------------------------------------------------------


def test_learner_sees_her_own_attempt(client, town):
    client.force_login(town["learner"])
    url = f"{town['shared_quiz'].url}?versuch={town['shared_attempt'].pk}"
    assert _shows_result(client.get(url))


@pytest.mark.parametrize("who", [*OTHERS, "admin"])
def test_nobody_else_sees_an_attempt_on_a_shared_module(client, town, who):
    client.force_login(town[who])
    response = client.get(f"{town['shared_quiz'].url}?versuch={town['shared_attempt'].pk}")
    assert response.status_code == 200
    assert not _shows_result(response)


@pytest.mark.parametrize("who", ["colleague", "manager"])
def test_colleagues_and_managers_do_not_see_an_attempt_on_their_municipalitys_module(
    client, town, who
):
    client.force_login(town[who])
    response = client.get(f"{town['private_module'].url}?versuch={town['private_attempt'].pk}")
    assert response.status_code == 200
    assert not _shows_result(response)


@pytest.mark.parametrize("who", ["stranger", "stranger_manager"])
def test_another_municipality_cannot_open_the_module_at_all(client, town, who):
    client.force_login(town[who])
    response = client.get(f"{town['private_module'].url}?versuch={town['private_attempt'].pk}")
    assert response.status_code == 404
    assert not _shows_result(response)


def test_an_attempt_id_of_another_module_shows_nothing(client, town):
    """Jana's own attempt, but named on a module it does not belong to."""
    client.force_login(town["learner"])
    response = client.get(f"{town['shared_quiz'].url}?versuch={town['private_attempt'].pk}")
    assert not _shows_result(response)


# --- Certificates by id -----------------------------------------------------------------


@pytest.mark.parametrize("who", OTHERS)
def test_certificates_of_others_are_not_found_by_id(client, town, who):
    """Within and across municipalities; the manager of Jana's unit included."""
    client.force_login(town[who])
    own = town["completions"][who]
    for completion in [*town["completions"].values(), town["private_completion"]]:
        response = client.get(reverse("learning:certificate", args=[completion.pk]))
        expected = 200 if completion.pk == own.pk else 404
        assert response.status_code == expected, (who, completion.learner_name)


def test_cooperation_admin_downloads_certificates_of_every_municipality(client, town):
    client.force_login(town["admin"])
    for completion in town["completions"].values():
        response = client.get(reverse("learning:certificate", args=[completion.pk]))
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"


def test_profile_lists_only_ones_own_certificates(client, town):
    client.force_login(town["colleague"])
    response = client.get(reverse("profile"))
    soup = bs4.BeautifulSoup(response.content, "html.parser")
    links = {a["href"] for a in soup.select(".certificate-list a")}
    assert links == {reverse("learning:certificate", args=[town["completions"]["colleague"].pk])}
    assert "Blomberger Kasse" not in response.content.decode()


def test_profile_offers_the_exports_and_own_certificates(client, town):
    client.force_login(town["learner"])
    response = client.get(reverse("profile"))
    soup = bs4.BeautifulSoup(response.content, "html.parser")
    section = soup.find("section", attrs={"aria-labelledby": "profile-learning-data"})
    assert section.find("h2").get_text(strip=True) == "Meine Lerndaten"
    hrefs = [a["href"] for a in section.find_all("a")]
    assert reverse("learning:export_csv") in hrefs
    assert reverse("learning:export_json") in hrefs
    items = [li.get_text(" ", strip=True) for li in section.select(".certificate-list li")]
    assert [item.split(" abgeschlossen am ")[0] for item in items] == [
        "Blomberger Kasse",
        "Datenschutz",
    ]
    assert items[1].endswith("Zertifikat herunterladen für „Datenschutz“ (PDF)")


# --- Exports and the verification page ----------------------------------------------------


@pytest.mark.parametrize("who", [*OTHERS, "admin"])
@pytest.mark.parametrize("name", ["learning:export_json", "learning:export_csv"])
def test_exports_never_contain_janas_records(client, town, who, name):
    """Not even when her id is slipped into the query string."""
    client.force_login(town[who])
    learner = town["learner"]
    response = client.get(reverse(name), {"user": learner.pk, "user_id": learner.pk})
    body = response.content.decode("utf-8-sig")
    assert response.status_code == 200
    assert "Jana" not in body
    assert "Blomberger Kasse" not in body
    assert town["completions"]["learner"].verification_code not in body
    if name.endswith("json") and who != "admin":
        (own,) = json.loads(body)["kursabschluesse"]
        assert own["pruefcode"] == town["completions"][who].verification_code


def test_verification_shows_no_municipality_score_or_attempts(client, town):
    completion = town["completions"]["learner"]
    response = client.get(reverse("verify_certificate"), {"code": completion.verification_code})
    html = response.content.decode()
    assert "Jana Beispiel" in html and "Datenschutz" in html
    for private in ("Blomberg", "Ordnungsamt", "100", "Abschlusstest", "bestanden"):
        assert private not in html, private


def test_anonymous_visitors_reach_nothing_but_the_verification_page(client, town):
    completion = town["completions"]["learner"]
    for url in (
        reverse("learning:certificate", args=[completion.pk]),
        reverse("learning:export_json"),
        reverse("learning:export_csv"),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))
    assert client.get(reverse("verify_certificate")).status_code == 200

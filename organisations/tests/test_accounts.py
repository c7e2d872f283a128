"""Logging in, the intranet login wall, language choice, throttling, profile."""

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse
from wagtail.users.models import UserProfile

from organisations.middleware import LANGUAGE_SESSION_KEY
from organisations.roles import COOPERATION_ADMIN_GROUP

from .factories import make_employee, make_municipality, make_position, make_unit, make_user

pytestmark = pytest.mark.django_db

PASSWORD = "lernwerk-test-1"


@pytest.fixture
def employee():
    town = make_municipality("Blomberg", slug="blomberg")
    office = make_unit(town, "Bürgerbüro")
    return make_employee(
        unit=office,
        position=make_position(office, "Sachbearbeitung Bürgerbüro"),
        first_name="Erika",
        last_name="Mustermann",
    )


def login(client, username, password=PASSWORD, ip="10.0.0.1"):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=ip
    )


@pytest.mark.parametrize("path", ["/", "/konto/profil/", "/konto/passwort/", "/gemeinsam/"])
def test_anonymous_visitors_are_sent_to_the_login_page(client, employee, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


PUBLIC_PATHS = [
    "/konto/anmelden/",
    "/konto/passwort-vergessen/",
    "/barrierefreiheit/",
    "/datenschutz/",
]


@pytest.mark.parametrize("path", PUBLIC_PATHS)
def test_public_pages_need_no_login(client, path):
    response = client.get(path)
    assert response.status_code == 200


def test_accessibility_statement_has_the_required_sections(client):
    content = client.get("/barrierefreiheit/").content.decode()
    for heading in (
        "Stand der Vereinbarkeit",
        "Nicht barrierefreie Inhalte",
        "Erstellung dieser Erklärung",
        "Feedback und Kontaktangaben",
        "Schlichtungsverfahren",
    ):
        assert heading in content


def test_login_page_speaks_german_even_to_english_browsers(client):
    response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert '<html lang="de">' in response.content.decode()
    assert "Bei Lernwerk anmelden" in response.content.decode()


def test_employee_logs_in_and_sees_the_start_page(client, employee):
    response = login(client, employee.user.username)
    assert response.status_code == 302
    page = client.get("/").content.decode()
    assert "Guten Tag, Erika" in page
    assert "Bürgerbüro" in page


def test_wrong_password_shows_a_german_message(client, employee):
    response = login(client, employee.user.username, "falsch")
    assert response.status_code == 200
    assert "Beide Felder berücksichtigen die Groß-/Kleinschreibung" in (response.content.decode())


def test_five_failures_lock_the_username_from_that_address(client, employee):
    username = employee.user.username
    for _ in range(5):
        login(client, username, "falsch")
    locked = login(client, username)  # even the right password is refused now
    assert locked.status_code == 429
    assert "vorübergehend gesperrt" in locked.content.decode()
    assert AccessAttempt.objects.filter(username=username).exists()


def test_a_lockout_does_not_block_colleagues_behind_the_same_address(client, employee):
    colleague = make_user("kollegin")
    for _ in range(5):
        login(client, employee.user.username, "falsch")
    response = login(client, colleague.username)
    assert response.status_code == 302


def test_the_same_user_from_another_address_is_not_locked(client, employee):
    for _ in range(5):
        login(client, employee.user.username, "falsch", ip="10.0.0.1")
    response = login(client, employee.user.username, ip="10.0.0.2")
    assert response.status_code == 302


def test_an_admin_lifts_a_lockout(client, employee):
    for _ in range(5):
        login(client, employee.user.username, "falsch")
    attempt = AccessAttempt.objects.get(username=employee.user.username)
    admin = make_user("koop-admin")
    admin.groups.add(Group.objects.get(name=COOPERATION_ADMIN_GROUP))
    client.force_login(admin)
    listing = client.get(reverse("accessattempt:index"))
    assert employee.user.username in listing.content.decode()
    response = client.post(reverse("accessattempt:delete", args=[attempt.pk]))
    assert response.status_code == 302
    client.logout()
    assert login(client, employee.user.username).status_code == 302


def test_employees_cannot_see_lockouts(client, employee):
    client.force_login(employee.user)
    assert client.get(reverse("accessattempt:index")).status_code in (302, 403)


def test_language_choice_is_stored_on_the_profile_and_used(client, employee):
    client.force_login(employee.user)
    response = client.post(reverse("set_language"), {"language": "en", "next": "/konto/profil/"})
    assert response.status_code == 302 and response["Location"] == "/konto/profil/"
    assert UserProfile.get_for_user(employee.user).preferred_language == "en"
    assert client.session[LANGUAGE_SESSION_KEY] == "en"
    page = client.get("/konto/profil/").content.decode()
    assert '<html lang="en">' in page
    assert "My profile" in page and "Mein Profil" not in page


def test_chosen_language_returns_with_the_next_login(client, employee):
    profile = UserProfile.get_for_user(employee.user)
    profile.preferred_language = "en"
    profile.save()
    login(client, employee.user.username)
    assert '<html lang="en">' in client.get("/").content.decode()


def test_unknown_language_is_refused_and_german_stays(client, employee):
    client.force_login(employee.user)
    client.post(reverse("set_language"), {"language": "xx", "next": "/"})
    assert '<html lang="de">' in client.get("/").content.decode()


def test_language_switch_never_redirects_to_another_site(client, employee):
    client.force_login(employee.user)
    response = client.post(
        reverse("set_language"), {"language": "de", "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"


def test_profile_shows_municipality_unit_and_position(client, employee):
    client.force_login(employee.user)
    content = client.get(reverse("profile")).content.decode()
    for text in ("Blomberg", "Bürgerbüro", "Sachbearbeitung Bürgerbüro", employee.personnel_number):
        assert text in content


def test_password_reset_mail_is_german_and_carries_a_link(client, employee):
    response = client.post(reverse("password_reset"), {"email": employee.user.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "Lernwerk: Passwort festlegen"
    assert "/konto/passwort-setzen/" in message.body


def test_password_change_needs_the_old_password(client, employee):
    client.force_login(employee.user)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": "falsch",
            "new_password1": "ein-neues-langes-Passwort",
            "new_password2": "ein-neues-langes-Passwort",
        },
    )
    assert response.status_code == 200
    assert "Bitte prüfen Sie" in response.content.decode() or "alte Passwort" in (
        response.content.decode()
    )


def test_logout_needs_post_and_ends_the_session(client, employee):
    client.force_login(employee.user)
    client.post(reverse("logout"))
    assert client.get("/").status_code == 302


def test_invited_person_without_password_can_request_a_new_link(client, employee):
    employee.user.set_unusable_password()
    employee.user.save()
    client.post(reverse("password_reset"), {"email": employee.user.email.upper()})
    assert len(mail.outbox) == 1


def test_password_reset_ignores_deactivated_accounts(client, employee):
    employee.user.is_active = False
    employee.user.save()
    client.post(reverse("password_reset"), {"email": employee.user.email})
    assert mail.outbox == []

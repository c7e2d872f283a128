"""An active session stays alive, written at most every SESSION_REFRESH_INTERVAL."""

import pytest
from django.contrib.sessions.models import Session
from django.test import override_settings

from core.middleware import REFRESHED_KEY
from organisations.tests.factories import make_employee, make_municipality, make_unit


@pytest.fixture
def signed_in(client):
    town = make_municipality("Blomberg", slug="blomberg")
    client.force_login(make_employee(unit=make_unit(town, "Bürgerbüro")).user)
    return client


def _stored_session(client):
    return Session.objects.get(session_key=client.session.session_key)


@pytest.mark.django_db
def test_a_request_soon_after_the_last_refresh_writes_no_session(signed_in):
    signed_in.get("/profil/")
    expiry = _stored_session(signed_in).expire_date
    with override_settings(SESSION_COOKIE_AGE=60 * 60 * 10):  # a save would move it
        signed_in.get("/profil/")
    assert _stored_session(signed_in).expire_date == expiry


@pytest.mark.django_db
def test_the_expiry_moves_forward_once_the_interval_has_passed(signed_in, settings):
    signed_in.get("/profil/")
    session = signed_in.session
    session[REFRESHED_KEY] -= settings.SESSION_REFRESH_INTERVAL + 1
    session.save()
    expiry = _stored_session(signed_in).expire_date
    settings.SESSION_COOKIE_AGE += 60 * 60
    signed_in.get("/profil/")
    assert _stored_session(signed_in).expire_date > expiry


@pytest.mark.django_db
def test_an_anonymous_visitor_gets_no_session(client):
    response = client.get("/anmelden/")
    assert "sessionid" not in response.cookies

"""Knowledge at risk: processes without owner, with a leaving owner, overdue for review,
or known to nobody but the owner; for managers their units, for cooperation admins all.
"""

from __future__ import annotations

import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from core.models import ReportAccess
from courses.tests.factories import add_live_children, data_for_module, section_of
from knowledge.models import Acknowledgement, ProcessArticlePage
from knowledge.reports import RiskReason, at_risk, report_articles, with_details
from organisations.roles import Role
from organisations.tests.factories import (
    make_cooperation_admin,
    make_employee,
    make_manager,
    make_municipality,
    make_position,
    make_unit,
)

from .factories import make_article, make_library, step

pytestmark = pytest.mark.django_db

URL = reverse("knowledge_reports:at_risk")
LONG_AGO = datetime.date(2020, 1, 1)


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Blomberg with units A (and A1 below it) and B, Lügde with unit L; one article per
    reason, articles that are fine, and a manager for each unit."""
    with data_for_module(django_db_blocker):
        with django_db_blocker.unblock():
            today = timezone.localdate()
            blomberg = make_municipality("Blomberg", slug="blomberg")
            luegde = make_municipality("Lügde", slug="luegde")
            unit_a = make_unit(blomberg, "Amt A")
            unit_a1 = make_unit(blomberg, "Sachgebiet A1", parent=unit_a)
            unit_b = make_unit(blomberg, "Amt B")
            unit_l = make_unit(luegde, "Amt L")
            owner_post = make_position(unit_a, "Leitung A")
            clerk_post = make_position(unit_a, "Sachbearbeitung A")
            vacant_post = make_position(unit_a, "Unbesetzt A")
            gone_post = make_position(unit_a, "Stelle der Ausgeschiedenen")
            leaving_post = make_position(unit_a1, "Stelle der Gehenden")
            post_b = make_position(unit_b, "Leitung B")
            post_l = make_position(unit_l, "Leitung L")
            owner = make_employee(unit=unit_a, position=owner_post, first_name="Olga")
            clerk = make_employee(unit=unit_a, position=clerk_post, first_name="Clara")
            make_employee(
                unit=unit_a,
                position=gone_post,
                first_name="Gerd",
                last_name="Gegangen",
                leaving_date=today - datetime.timedelta(days=10),
            )
            make_employee(
                unit=unit_a1,
                position=leaving_post,
                first_name="Lena",
                last_name="Leaving",
                leaving_date=today + datetime.timedelta(days=30),
            )
            make_employee(unit=unit_b, position=post_b)
            make_employee(unit=unit_l, position=post_l)
            library = make_library(section_of(blomberg), slug="prozesse-blomberg")
            luegde_library = make_library(section_of(luegde), slug="prozesse-luegde")

            def article(title, library=library, **fields):
                fields.setdefault("owner_position", owner_post)
                fields.setdefault("responsible_unit", unit_a)
                return make_article(library, title, **fields)

            def with_requirement(title):
                page = article(title, publish=False)
                page.acknowledgement_positions = [clerk_post]
                page.save_revision().publish()
                return ProcessArticlePage.objects.get(pk=page.pk)

            only_owner = with_requirement("Nur die Leitung kennt ihn")
            Acknowledgement.objects.create(
                article=only_owner, user=owner.user, revision=only_owner.live_revision
            )
            known = with_requirement("Von Clara gelesen")
            Acknowledgement.objects.create(
                article=known, user=clerk.user, revision=known.live_revision
            )
            data = {
                "today": today,
                "units": {"A": unit_a, "A1": unit_a1, "B": unit_b, "L": unit_l},
                "owner_post": owner_post,
                "library": library,
                "fine": article("Alles in Ordnung"),
                "known": known,
                "only_owner": only_owner,
                "no_owner": article("Ohne Stelle", owner_position=None),
                "vacant": article("Stelle unbesetzt", owner_position=vacant_post),
                # In scope through the owner position only.
                "gone": article("Ausgeschieden", owner_position=gone_post, responsible_unit=None),
                "leaving": article(
                    "Geht bald", owner_position=leaving_post, responsible_unit=unit_a1
                ),
                "overdue": article("Überfällig", next_review_date=LONG_AGO),
                "inactive": article("Inaktiv", next_review_date=LONG_AGO, maturity="inaktiv"),
                "draft": article("Entwurf", owner_position=None, publish=False),
                "b": article(
                    "Prozess in B",
                    owner_position=post_b,
                    responsible_unit=unit_b,
                    next_review_date=LONG_AGO,
                ),
                "luegde": article(
                    "Prozess in Lügde",
                    library=luegde_library,
                    owner_position=post_l,
                    responsible_unit=unit_l,
                    next_review_date=LONG_AGO,
                ),
                "manager_a": make_manager(unit_a).user,
                "manager_a1": make_manager(unit_a1).user,
                "manager_b": make_manager(unit_b).user,
                "manager_l": make_manager(unit_l).user,
                "admin": make_cooperation_admin(),
                "clerk": clerk.user,
                "trainer": make_employee(blomberg, roles=[Role.TRAINER]).user,
            }
        yield data


def reasons_by_title(user, today) -> dict[str, set[str]]:
    rows = with_details(list(at_risk(report_articles(user), today)), today)
    return {
        row.title: {reason for reason in RiskReason.values if getattr(row, f"risk_{reason}")}
        for row in rows
    }


def test_each_reason_is_found(world):
    found = reasons_by_title(world["admin"], world["today"])
    assert found == {
        "Nur die Leitung kennt ihn": {RiskReason.ONLY_OWNER},
        "Ohne Stelle": {RiskReason.NO_OWNER},
        "Stelle unbesetzt": {RiskReason.NO_OWNER},
        "Ausgeschieden": {RiskReason.OWNER_LEAVING},
        "Geht bald": {RiskReason.OWNER_LEAVING},
        "Überfällig": {RiskReason.REVIEW_OVERDUE},
        "Prozess in B": {RiskReason.REVIEW_OVERDUE},
        "Prozess in Lügde": {RiskReason.REVIEW_OVERDUE},
    }


def test_a_new_holder_ends_the_vacancy(world):
    vacant = world["vacant"]
    make_employee(unit=world["units"]["A"], position=vacant.owner_position)
    assert "Stelle unbesetzt" not in reasons_by_title(world["admin"], world["today"])


def test_manager_sees_own_units_and_below_only(world):
    today = world["today"]
    assert set(reasons_by_title(world["manager_a"], today)) == {
        "Nur die Leitung kennt ihn",
        "Ohne Stelle",
        "Stelle unbesetzt",
        "Ausgeschieden",
        "Geht bald",
        "Überfällig",
    }
    assert set(reasons_by_title(world["manager_a1"], today)) == {"Geht bald"}
    assert set(reasons_by_title(world["manager_b"], today)) == {"Prozess in B"}
    assert set(reasons_by_title(world["manager_l"], today)) == {"Prozess in Lügde"}
    assert reasons_by_title(world["clerk"], today) == {}


def get(client, user, **params):
    client.force_login(user)
    return client.get(URL, params)


def test_report_page_lists_reasons_in_words(client, world):
    response = get(client, world["manager_a"])
    assert response.status_code == 200
    html = response.content.decode()
    assert "Wissen in Gefahr" in html
    assert "Verantwortliche Person ist ausgeschieden" in html
    assert "Verantwortliche Person scheidet aus am" in html
    assert "Kenntnisnahme verlangt, aber von niemand anderem bestätigt" in html
    assert "Prüfung überfällig seit" in html
    assert world["b"].url not in html and world["luegde"].url not in html
    assert world["overdue"].url in html


def test_people_who_lead_no_unit_are_refused(client, world):
    # Wagtail answers a refusal in the admin with a redirect to the dashboard.
    assert get(client, world["trainer"])["Location"] == reverse("wagtailadmin_home")
    assert get(client, world["clerk"])["Location"].startswith(reverse("wagtailadmin_login"))


def test_filters_by_reason_and_unit(client, world):
    html = get(client, world["manager_a"], grund=RiskReason.OWNER_LEAVING).content.decode()
    assert world["gone"].url in html and world["leaving"].url in html
    assert world["no_owner"].url not in html and world["overdue"].url not in html

    html = get(client, world["manager_a"], einheit=world["units"]["A1"].pk).content.decode()
    assert world["leaving"].url in html and world["no_owner"].url not in html


def test_unit_of_another_municipality_is_no_choice(client, world):
    response = get(client, world["manager_a"], einheit=world["units"]["L"].pk)
    assert response.status_code == 200
    html = response.content.decode()
    assert world["luegde"].url not in html
    assert "Amt L" not in html


def test_csv_export_for_german_excel(client, world):
    response = get(client, world["manager_a"], export="csv")
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeffProzess;Bereich;")
    assert "Ausgeschieden;Blomberg;" in body
    assert "Prozess in Lügde" not in body
    assert (
        f'attachment; filename="wissen-in-gefahr-{world["today"].isoformat()}.csv"'
        == (response["Content-Disposition"])
    )


def test_xlsx_export(client, world):
    response = get(client, world["admin"], export="xlsx", grund=RiskReason.REVIEW_OVERDUE)
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    rows = list(workbook.active.values)
    assert rows[0][0] == "Prozess"
    assert {row[0] for row in rows[1:]} == {"Überfällig", "Prozess in B", "Prozess in Lügde"}


def test_every_view_and_export_is_logged(client, world):
    ReportAccess.objects.all().delete()
    get(client, world["manager_a"], grund=RiskReason.NO_OWNER)
    get(client, world["manager_a"], export="csv")
    get(client, world["trainer"])  # refused: not a report that was seen
    logged = list(
        ReportAccess.objects.order_by("pk").values_list("report", "export_format", "parameters")
    )
    assert logged == [
        ("knowledge_at_risk", "", f"grund={RiskReason.NO_OWNER}"),
        ("knowledge_at_risk", "csv", ""),
    ]


def test_menu_shows_report_to_managers(client, world):
    client.force_login(world["manager_b"])
    assert URL in client.get(reverse("wagtailadmin_home")).content.decode()


def test_query_count_does_not_grow_with_the_number_of_articles(client, world):
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            response = get(client, world["admin"])
        assert response.status_code == 200
        return len(queries)

    get(client, world["admin"])  # warm caches
    before = count()
    add_live_children(
        world["library"],
        [
            ProcessArticlePage(
                title=f"Massenprozess {n:03d}",
                slug=f"massenprozess-{n}",
                purpose="Zweck.",
                trigger="Antrag.",
                steps=[step("Antrag erfassen")],
                owner_position=world["owner_post"] if n % 2 else None,
                responsible_unit=world["units"]["A"],
                next_review_date=LONG_AGO,
            )
            for n in range(40)
        ],
    )
    assert count() == before

"""E-mails about mandatory training: each sent once per due date, only to whom it concerns."""

from __future__ import annotations

import datetime
import threading
import time
from io import StringIO

import pytest
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone
from wagtail.users.models import UserProfile

from core.dates import add_months
from courses.tests.factories import make_course, make_course_index, section_of
from learning import notifications
from learning.certificates import new_verification_code
from learning.models import (
    Assignment,
    CourseCompletion,
    Exemption,
    ManagerDigest,
    Obligation,
)
from learning.notifications import (
    send_assigned_mails,
    send_manager_digests,
    send_overdue_mails,
    send_reminders,
    send_training_notifications,
)
from learning.obligations import sync_assignment
from learning.tasks import notify_assignment
from organisations.tests.factories import (
    make_employee,
    make_manager,
    make_municipality,
    make_unit,
)

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)
REMIND = datetime.timedelta(days=settings.LERNWERK_REMINDER_DAYS_BEFORE)


def days(n: int) -> datetime.timedelta:
    return datetime.timedelta(days=n)


def next_digest_day(after: datetime.date) -> datetime.date:
    """The first digest weekday strictly after ``after``."""
    day = after + DAY
    while day.weekday() != settings.LERNWERK_DIGEST_WEEKDAY:
        day += DAY
    return day


def assign(course, municipality, *, due: datetime.date, note: str = "", **kwargs) -> Assignment:
    kwargs.setdefault("target", Assignment.Target.MUNICIPALITY)
    assignment = Assignment.objects.create(
        course=course,
        municipality=municipality,
        due_rule=Assignment.DueRule.FIXED,
        due_date=due,
        note=note,
        **kwargs,
    )
    sync_assignment(assignment)
    return assignment


def complete(user, course, on: datetime.date) -> CourseCompletion:
    at = timezone.make_aware(datetime.datetime.combine(on, datetime.time(10, 0)))
    return CourseCompletion.objects.create(
        user=user,
        course=course,
        course_title=course.title,
        duration_minutes=0,
        learner_name=user.get_full_name(),
        completed_at=at,
        quizzes_passed=True,
        verification_code=new_verification_code(),
    )


def recipients(outbox=None) -> list[str]:
    return sorted(address for message in (outbox or mail.outbox) for address in message.to)


def mark_assigned_mails_sent() -> None:
    Obligation.objects.update(assigned_mail_sent_at=timezone.now())


@pytest.fixture
def town():
    return make_municipality("Blomberg", slug="blomberg")


@pytest.fixture
def course():
    return make_course(make_course_index(section_of(None)), "Datenschutz & IT-Sicherheit")


@pytest.fixture
def erika(town):
    return make_employee(unit=make_unit(town, "Bürgerbüro"), first_name="Erika")


# --- Assigned ------------------------------------------------------------------------


@pytest.mark.django_db
def test_assigned_mail_goes_once_in_german_with_link_note_and_html(mailoutbox, town, course, erika):
    due = TODAY + days(30)
    assign(course, town, due=due, note="Bitte im Team absprechen.")

    assert send_assigned_mails(TODAY) == 1
    assert send_assigned_mails(TODAY) == 0
    assert send_training_notifications(TODAY)["assigned"] == 0

    (message,) = mailoutbox
    assert message.to == [erika.user.email]
    assert message.subject == (
        "Ihnen wurde eine Pflichtschulung zugewiesen: Datenschutz & IT-Sicherheit"
    )
    course_url = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + course.url
    assert course_url.startswith("http")
    for text in ("Guten Tag Erika Mustermann", "Datenschutz & IT-Sicherheit", course_url):
        assert text in message.body
    assert "Bitte im Team absprechen." in message.body
    assert f"{due.day}. " in message.body and str(due.year) in message.body

    ((html, mimetype),) = message.alternatives
    assert mimetype == "text/html"
    assert '<html lang="de">' in html
    assert "<h1>" in html and "<img" not in html
    assert f'href="{course_url}"' in html
    assert "Datenschutz &amp; IT-Sicherheit" in html
    assert Obligation.objects.get().assigned_mail_sent_at is not None


@pytest.mark.django_db
def test_notify_assignment_sends_only_that_assignments_mails(mailoutbox, town, course, erika):
    other_course = make_course(make_course_index(section_of(town)), "Brandschutz")
    first = assign(course, town, due=TODAY + days(30))
    assign(other_course, town, due=TODAY + days(30))

    result = notify_assignment.enqueue(first.pk)

    assert result.return_value == 1
    assert [m.subject.split(": ", 1)[1] for m in mailoutbox] == ["Datenschutz & IT-Sicherheit"]
    assert send_training_notifications(TODAY)["assigned"] == 1  # only the other one
    assert len(mailoutbox) == 2


@pytest.mark.django_db
def test_already_completed_learners_are_told_there_is_nothing_to_do(
    mailoutbox, town, course, erika
):
    complete(erika.user, course, TODAY - days(10))
    assign(course, town, due=TODAY + days(30))

    assert send_assigned_mails(TODAY) == 1
    assert "bereits abgeschlossen" in mailoutbox[0].body
    assert send_reminders(TODAY + days(25)) == 0
    assert send_overdue_mails(TODAY + days(40)) == 0


@pytest.mark.django_db
def test_an_assigned_mail_inside_the_reminder_period_is_the_reminder(
    mailoutbox, town, course, erika
):
    assign(course, town, due=TODAY + days(3))

    counts = send_training_notifications(TODAY)

    assert counts == {"assigned": 1, "reminders": 0, "overdue": 0, "digests": 0, "failed": 0}
    assert Obligation.objects.get().reminder_sent_for == TODAY + days(3)


@pytest.mark.django_db
def test_english_profile_gets_the_mail_in_english(mailoutbox, town, course, erika):
    profile = UserProfile.get_for_user(erika.user)
    profile.preferred_language = "en"
    profile.save()
    assign(course, town, due=TODAY + days(30))

    send_assigned_mails(TODAY)

    ((html, _mimetype),) = mailoutbox[0].alternatives
    assert '<html lang="en">' in html


# --- Reminders -----------------------------------------------------------------------


@pytest.mark.django_db
def test_reminder_is_sent_once_per_due_date_and_again_for_a_new_one(
    mailoutbox, town, course, erika
):
    due = TODAY + days(30)
    assign(course, town, due=due)
    mark_assigned_mails_sent()

    assert send_reminders(due - REMIND - DAY) == 0, "too early"
    assert send_reminders(due - REMIND) == 1
    assert send_reminders(due - REMIND) == 0
    assert send_reminders(due - DAY) == 0
    assert mailoutbox[0].subject.startswith("Erinnerung: Pflichtschulung")

    new_due = due + days(60)
    Obligation.objects.update(due_date=new_due)
    assert send_reminders(new_due - REMIND) == 1
    assert send_reminders(new_due - REMIND + DAY) == 0
    assert len(mailoutbox) == 2


@pytest.mark.django_db
def test_recertification_is_reminded_before_the_completion_lapses(mailoutbox, town, course, erika):
    assign(
        course,
        town,
        due=TODAY + days(30),
        recertification=Assignment.Recertification.ROLLING,
        valid_months=12,
    )
    mark_assigned_mails_sent()
    complete(erika.user, course, TODAY)
    obligation = Obligation.objects.get()
    assert obligation.valid_until == obligation.due_date == add_months(TODAY, 12)

    assert send_reminders(TODAY + days(20)) == 0, "the old due date is covered"
    assert send_reminders(obligation.valid_until - REMIND) == 1
    assert send_reminders(obligation.valid_until - REMIND) == 0
    assert mailoutbox[0].subject == "Ihre Schulung läuft ab: Datenschutz & IT-Sicherheit"


# --- Overdue -------------------------------------------------------------------------


@pytest.mark.django_db
def test_overdue_mail_is_sent_once_per_due_date(mailoutbox, town, course, erika):
    due = TODAY + days(2)
    assign(course, town, due=due)
    mark_assigned_mails_sent()

    assert send_overdue_mails(due) == 0, "due today is not overdue"
    assert send_overdue_mails(due + DAY) == 1
    assert send_overdue_mails(due + DAY) == 0
    assert send_overdue_mails(due + days(20)) == 0
    assert mailoutbox[0].subject == "Überfällig: Pflichtschulung „Datenschutz & IT-Sicherheit“"

    Obligation.objects.update(due_date=due + days(30))
    assert send_overdue_mails(due + days(31)) == 1


@pytest.mark.django_db
def test_lapsed_recertification_gets_an_expired_mail(mailoutbox, town, course, erika):
    assign(
        course,
        town,
        due=TODAY + days(30),
        recertification=Assignment.Recertification.ROLLING,
        valid_months=12,
    )
    mark_assigned_mails_sent()
    complete(erika.user, course, TODAY)
    lapsed = add_months(TODAY, 12) + DAY

    assert send_overdue_mails(lapsed) == 1
    assert send_overdue_mails(lapsed) == 0
    assert mailoutbox[0].subject == "Ihre Schulung ist abgelaufen: Datenschutz & IT-Sicherheit"


# --- Who gets nothing ----------------------------------------------------------------


@pytest.mark.django_db
def test_nothing_for_exempt_done_left_inactive_or_without_address(mailoutbox, town, course):
    unit = make_unit(town, "Bauamt")
    due = TODAY + days(20)
    normal = make_employee(unit=unit)
    exempt = make_employee(unit=unit)
    done = make_employee(unit=unit)
    left = make_employee(unit=unit)
    inactive = make_employee(unit=unit)
    no_address = make_employee(unit=unit)
    assign(course, town, due=due)
    Exemption.objects.create(
        employee=exempt,
        reason=Exemption.Reason.PARENTAL_LEAVE,
        starts_on=TODAY - days(10),
        ends_on=TODAY + days(400),
    )
    complete(done.user, course, TODAY)
    left.leaving_date = TODAY - DAY
    left.save()
    inactive.user.is_active = False
    inactive.user.save()
    no_address.user.email = ""
    no_address.user.save()

    assert send_assigned_mails(TODAY) == 2
    assert recipients() == sorted([normal.user.email, done.user.email])
    mailoutbox.clear()

    assert send_reminders(due - DAY) == 1
    assert send_overdue_mails(due + DAY) == 1
    assert recipients() == [normal.user.email] * 2


# --- Managers' digest ----------------------------------------------------------------


@pytest.fixture
def organisation(course):
    """Two municipalities; Blomberg's Fachbereich 1 with a Sachgebiet below it, and an
    Amt beside it; every staff member's training overdue on the next digest day."""
    blomberg = make_municipality("Blomberg", slug="blomberg")
    luegde = make_municipality("Lügde", slug="luegde")
    fb1 = make_unit(blomberg, "Fachbereich 1")
    sachgebiet = make_unit(blomberg, "Meldewesen", parent=fb1)
    bauamt = make_unit(blomberg, "Bauamt")
    luegde_amt = make_unit(luegde, "Bürgerbüro")
    people = {
        "lead_fb1": make_manager(fb1, first_name="Frida", last_name="Leitung"),
        "in_fb1": make_employee(unit=fb1, first_name="Anna", last_name="Amt"),
        "in_sachgebiet": make_employee(unit=sachgebiet, first_name="Sara", last_name="Sach"),
        "lead_bauamt": make_manager(bauamt, first_name="Bernd", last_name="Bauleiter"),
        "in_bauamt": make_employee(unit=bauamt, first_name="Bodo", last_name="Bau"),
        "lead_luegde": make_manager(luegde_amt, first_name="Lena", last_name="Lügde"),
        "in_luegde": make_employee(unit=luegde_amt, first_name="Lutz", last_name="Lügde"),
    }
    due = TODAY + DAY
    assign(course, blomberg, due=due)
    assign(course, luegde, due=due)
    mark_assigned_mails_sent()
    return people


def listed(message) -> list[str]:
    """The names a digest lists (its lines "- Name (Unit): Course, …")."""
    lines = message.body.splitlines()
    return [line[2:].split(" (")[0] for line in lines if line.startswith("- ")]


def digest_for(employee, outbox):
    (message,) = [m for m in outbox if m.to == [employee.user.email]]
    return message


@pytest.mark.django_db
def test_digest_lists_only_the_managers_own_staff(mailoutbox, organisation):
    p = organisation
    day = next_digest_day(TODAY + DAY)

    assert send_manager_digests(day) == 3

    fb1 = digest_for(p["lead_fb1"], mailoutbox)
    assert fb1.subject == "Wochenübersicht: 2 überfällige Pflichtschulungen in Ihrem Bereich"
    assert listed(fb1) == ["Anna Amt", "Sara Sach"]
    assert "- Sara Sach (Meldewesen): Datenschutz & IT-Sicherheit, fällig am" in fb1.body
    assert "Überfällig" in fb1.body
    ((html, mimetype),) = fb1.alternatives
    assert mimetype == "text/html" and '<th scope="col">' in html and "Sara Sach" in html
    assert "Bodo" not in html and "Lutz" not in html

    assert listed(digest_for(p["lead_bauamt"], mailoutbox)) == ["Bodo Bau"]
    assert listed(digest_for(p["lead_luegde"], mailoutbox)) == ["Lutz Lügde"]
    assert not any(m.to == [p["in_fb1"].user.email] for m in mailoutbox)


@pytest.mark.django_db
def test_digest_goes_once_a_week_and_only_on_its_weekday(mailoutbox, organisation):
    day = next_digest_day(TODAY + DAY)

    assert send_manager_digests(day - DAY) == 0
    assert send_manager_digests(day + DAY) == 0
    assert send_manager_digests(day) == 3
    assert send_manager_digests(day) == 0
    assert ManagerDigest.objects.filter(week=day - days(day.weekday())).count() == 3
    assert send_manager_digests(day + days(7)) == 3


@pytest.mark.django_db
def test_a_long_digest_is_cut_and_points_to_the_reports(monkeypatch, mailoutbox, organisation):
    monkeypatch.setattr(notifications, "DIGEST_ROW_LIMIT", 1)
    send_manager_digests(next_digest_day(TODAY + DAY))

    fb1 = digest_for(organisation["lead_fb1"], mailoutbox)
    assert listed(fb1) == ["Anna Amt"]
    assert fb1.subject.startswith("Wochenübersicht: 2 überfällige")
    assert "… und 1 weitere." in fb1.body
    assert settings.WAGTAILADMIN_BASE_URL.rstrip("/") + "/admin/" in fb1.body


@pytest.mark.django_db
def test_no_digest_when_nothing_is_overdue(mailoutbox, organisation):
    Obligation.objects.update(due_date=TODAY + days(100))
    assert send_manager_digests(next_digest_day(TODAY + DAY)) == 0
    assert not ManagerDigest.objects.exists()


@pytest.mark.django_db
def test_a_manager_who_left_gets_no_digest(mailoutbox, organisation):
    manager = organisation["lead_fb1"]
    manager.leaving_date = TODAY - DAY
    manager.save()
    send_manager_digests(next_digest_day(TODAY + DAY))
    assert manager.user.email not in recipients()


# --- Never twice, also with two workers ----------------------------------------------


@pytest.mark.django_db
def test_a_claimed_obligation_is_not_claimed_again(town, course, erika):
    assign(course, town, due=TODAY + days(5))
    condition = notifications.reminder_condition(TODAY)
    first, second = Obligation.objects.get(), Obligation.objects.get()  # two workers' reads

    changes = {"reminder_sent_for": first.due_date}
    assert notifications._claim(first, condition, changes) is True
    assert notifications._claim(second, condition, changes) is False


@pytest.mark.django_db
def test_a_failed_send_is_released_and_tried_again(monkeypatch, mailoutbox, town, course, erika):
    assign(course, town, due=TODAY + days(30))

    def fail(*args, **kwargs):
        raise OSError("SMTP server unreachable")

    with monkeypatch.context() as patched:
        patched.setattr("django.core.mail.EmailMultiAlternatives.send", fail)
        assert send_training_notifications(TODAY)["failed"] == 1
    assert Obligation.objects.get().assigned_mail_sent_at is None
    assert send_assigned_mails(TODAY) == 1


def _in_parallel(*actions):
    """Run each action in its own thread with its own database connection, at once."""
    barrier = threading.Barrier(len(actions))
    errors, results = [], [None] * len(actions)

    def run(index, action):
        try:
            barrier.wait(timeout=10)
            results[index] = action()
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=item) for item in enumerate(actions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    return results


@pytest.mark.django_db(transaction=True)
def test_two_workers_at_once_send_each_mail_once(mailoutbox, town, course):
    unit = make_unit(town, "Bürgerbüro")
    staff = [make_employee(unit=unit) for _ in range(12)]
    manager = make_manager(unit)
    due = TODAY + days(5)
    assign(course, town, due=due)
    mark_assigned_mails_sent()

    results = _in_parallel(lambda: send_reminders(TODAY), lambda: send_reminders(TODAY))
    assert sum(results) == 13
    assert recipients() == sorted(e.user.email for e in [*staff, manager])

    mailoutbox.clear()
    day = next_digest_day(due)
    results = _in_parallel(lambda: send_manager_digests(day), lambda: send_manager_digests(day))
    assert sum(results) == 1
    assert recipients() == [manager.user.email]


@pytest.mark.django_db(transaction=True)
def test_a_worker_waiting_on_a_claimed_row_does_not_send_it_again(town, course, erika):
    """Worker A has claimed the row but not committed; worker B's claim waits for A's
    row lock, then finds the reminder recorded and claims nothing."""
    assign(course, town, due=TODAY + days(5))
    condition = notifications.reminder_condition(TODAY)
    stale = Obligation.objects.get()
    changes = {"reminder_sent_for": stale.due_date}
    a_claimed, a_may_commit = threading.Event(), threading.Event()
    outcome = {}

    def worker_a():
        try:
            with transaction.atomic():
                outcome["a"] = notifications._claim(stale, condition, changes)
                a_claimed.set()
                a_may_commit.wait(timeout=10)
        finally:
            connection.close()

    def worker_b():
        try:
            a_claimed.wait(timeout=10)
            outcome["b"] = notifications._claim(stale, condition, changes)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker_a), threading.Thread(target=worker_b)]
    for thread in threads:
        thread.start()
    a_claimed.wait(timeout=10)
    time.sleep(0.5)
    assert "b" not in outcome, "B waits for A's lock"
    a_may_commit.set()
    for thread in threads:
        thread.join(timeout=20)
    assert outcome == {"a": True, "b": False}


# --- Command -------------------------------------------------------------------------


@pytest.mark.django_db
def test_command_runs_the_task_and_reports_counts(mailoutbox, town, course, erika):
    assign(course, town, due=TODAY + days(30))
    output = StringIO()
    call_command("send_training_notifications", stdout=output)
    assert "Zuweisungen: 1" in output.getvalue()

    output = StringIO()
    call_command("send_training_notifications", "--now", stdout=output)
    assert "Zuweisungen: 0" in output.getvalue()
    assert len(mailoutbox) == 1

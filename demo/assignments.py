"""Demo mandatory training, so the reports have something to say right after the quick start.

Every demo municipality gets the yearly IT security training for all staff; Blomberg
also prepares its Fachbereich 2 for the E-Akte and onboards its Bürgerbüro clerks,
Kalletal's Fachbereich 2 has the yearly data protection briefing with a fixed
deadline. Who has done what is in the tables below: completions are recorded through
the learning functions the course pages use (``demo.progress``) and then dated back,
one in-person and one external training are recorded as an admin would, and one person
is on parental leave.

All dates count from the day of loading, so the demo always shows people who are done,
due soon, open and overdue: the demo manager (``fuehrungskraft``, Fachbereich 2
Bürgerdienste in Blomberg) finds overdue staff in the Bürgerbüro and the Ordnungsamt.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import F
from django.utils import timezone

from core.dates import add_months
from courses.models import CoursePage
from demo.organisations import DEMO_MUNICIPALITY_SLUGS
from demo.progress import work_through
from learning.models import (
    Assignment,
    CourseCompletion,
    Exemption,
    ExternalCompletion,
    ModuleProgress,
    Obligation,
    QuizAttempt,
)
from learning.obligations import refresh_completion, sync_assignment
from learning.rules import initial_due_date
from organisations.models import Employee, OrgUnit, Position

PHISHING = "IT-Sicherheit im Verwaltungsalltag: Phishing erkennen"
E_AKTE = "Digital arbeiten mit der E-Akte"
DATENSCHUTZ = "Datenschutz (DSGVO) am Arbeitsplatz"
BUERGERBUERO = "Neu im Bürgerbüro Blomberg: Fachverfahren und Abläufe"

#: Who assigns the demo trainings and records external completions and exemptions.
DEMO_ADMIN = "admin"


@dataclass(frozen=True)
class External:
    """A training outside Lernwerk, recorded by an admin."""

    person: str
    kind: str
    days_ago: int
    note: str


@dataclass(frozen=True)
class DemoAssignment:
    """One assignment and how its people stand.

    ``done`` maps people to the number of days ago they completed the course in
    Lernwerk; everyone else targeted is still to do it, and their state follows from
    the dates (``assigned_days_ago`` and the due rule).
    """

    course: str
    municipality: str
    target: str
    assigned_days_ago: int
    note: str
    unit: str = ""
    position: tuple[str, str] | None = None
    due_rule: str = Assignment.DueRule.AFTER_ASSIGNMENT
    due_days: int | None = 30
    #: For a fixed due date: how many days after the day of loading.
    due_in_days: int | None = None
    recertification: str = Assignment.Recertification.NONE
    valid_months: int | None = None
    #: For the calendar rule: the yearly deadline as (month, day); the first due date is
    #: the next such day at least 30 days after loading.
    deadline: tuple[int, int] | None = None
    done: dict[str, int] = field(default_factory=dict)
    external: tuple[External, ...] = ()


@dataclass(frozen=True)
class DemoExemption:
    municipality: str
    person: str
    reason: str
    started_days_ago: int
    ends_in_days: int
    note: str


T = Assignment.Target

DEMO_ASSIGNMENTS = (
    # Blomberg: assigned 45 days ago with 30 days to do it, so whoever has not done it
    # is 15 days overdue.
    DemoAssignment(
        course=PHISHING,
        municipality="blomberg",
        target=T.MUNICIPALITY,
        assigned_days_ago=45,
        recertification=Assignment.Recertification.ROLLING,
        valid_months=12,
        note=(
            "Jährliche Unterweisung zur Informationssicherheit für alle Beschäftigten. "
            "Bitte innerhalb von 30 Tagen abschließen; Fragen beantwortet die IT "
            "(Michael Schäfer)."
        ),
        done={
            "Thomas Becker": 40,
            "Laura Zimmermann": 38,
            "Anna Lehmann": 33,
            "Jürgen Wagner": 43,
            "Sabine Krüger": 41,
            "Michael Schäfer": 44,
            "Jana Wolff": 30,
            "Stefan Hartmann": 25,
            "Miriam Schulze": 20,
        },
        external=(
            External(
                "Monika Richter",
                ExternalCompletion.Kind.IN_PERSON,
                28,
                "Präsenzschulung „Informationssicherheit im Außendienst“ für den Kommunalen "
                "Ordnungsdienst im Rathaus; Teilnahmeliste beim Personalamt.",
            ),
        ),
    ),
    # The department moves to the E-Akte: a fixed date ten days ahead ("bald fällig").
    DemoAssignment(
        course=E_AKTE,
        municipality="blomberg",
        target=T.UNIT,
        unit="Fachbereich 2 Bürgerdienste",
        assigned_days_ago=30,
        due_rule=Assignment.DueRule.FIXED,
        due_days=None,
        due_in_days=10,
        note=(
            "Der Fachbereich 2 stellt auf die E-Akte um. Bitte schließen Sie den Kurs vor "
            "der Umstellung ab."
        ),
        done={"Laura Zimmermann": 12, "Thomas Becker": 8},
    ),
    # Onboarding for a post: 90 days after joining, counted from the assignment for
    # people who joined before it ("offen").
    DemoAssignment(
        course=BUERGERBUERO,
        municipality="blomberg",
        target=T.POSITION,
        position=("Bürgerbüro", "Sachbearbeitung Bürgerbüro"),
        assigned_days_ago=10,
        due_rule=Assignment.DueRule.AFTER_JOINING,
        due_days=90,
        note=(
            "Für alle Sachbearbeitenden im Bürgerbüro; neue Kolleginnen und Kollegen "
            "innerhalb von 90 Tagen nach dem Eintritt."
        ),
    ),
    # Lügde: 8 days overdue.
    DemoAssignment(
        course=PHISHING,
        municipality="luegde",
        target=T.MUNICIPALITY,
        assigned_days_ago=38,
        recertification=Assignment.Recertification.ROLLING,
        valid_months=12,
        note="Jährliche Unterweisung zur Informationssicherheit für alle Beschäftigten.",
        done={"Petra Vogel": 35, "Frank Lange": 30, "Marco Busch": 37, "Simone Berger": 20},
        external=(
            External(
                "Claudia Fischer",
                ExternalCompletion.Kind.EXTERNAL,
                15,
                "Online-Seminar „Informationssicherheit im Standesamt“ des Studieninstituts; "
                "Teilnahmebescheinigung liegt vor.",
            ),
        ),
    ),
    # Kalletal: due in ten days.
    DemoAssignment(
        course=PHISHING,
        municipality="kalletal",
        target=T.MUNICIPALITY,
        assigned_days_ago=20,
        recertification=Assignment.Recertification.ROLLING,
        valid_months=12,
        note="Jährliche Unterweisung zur Informationssicherheit für alle Beschäftigten.",
        done={"Andrea Schröder": 15, "Heiko Otto": 12, "Nadine Roth": 6},
    ),
    # A yearly deadline on 31 March, months away ("offen").
    DemoAssignment(
        course=DATENSCHUTZ,
        municipality="kalletal",
        target=T.UNIT,
        unit="Fachbereich 2 Bürgerservice, Ordnung und Soziales",
        assigned_days_ago=3,
        due_rule=Assignment.DueRule.FIXED,
        due_days=None,
        recertification=Assignment.Recertification.CALENDAR,
        deadline=(3, 31),
        note="Jährliche Datenschutzunterweisung, jeweils bis zum 31. März.",
        done={"Andrea Schröder": 2},
    ),
)

DEMO_EXEMPTIONS = (
    DemoExemption(
        "blomberg",
        "Katarzyna Nowak",
        Exemption.Reason.PARENTAL_LEAVE,
        started_days_ago=150,
        ends_in_days=215,
        note="Elternzeit laut Mitteilung des Personalamts.",
    ),
)


def demo_assignments_exist() -> bool:
    return Assignment.objects.filter(municipality__slug__in=DEMO_MUNICIPALITY_SLUGS).exists()


def load_assignments() -> int:
    """Create the demo assignments with their people's standing; returns how many.

    Run inside a transaction after the organisations, courses and learning progress
    demos; assignments whose municipality, unit or course is missing are skipped.
    """
    today = timezone.localdate()
    admin = get_user_model().objects.filter(username=DEMO_ADMIN).first()
    people = {
        (e.municipality.slug, e.full_name): e
        for e in Employee.objects.filter(municipality__slug__in=DEMO_MUNICIPALITY_SLUGS)
        .select_related("user", "municipality")
        .order_by("pk")
    }
    created = 0
    for data in DEMO_ASSIGNMENTS:
        assignment = _create_assignment(data, admin, today)
        if assignment is None:
            continue
        course = assignment.course
        for name, days_ago in data.done.items():
            employee = people.get((data.municipality, name))
            if employee is not None:
                _complete(employee, course, today - datetime.timedelta(days=days_ago))
        for record in data.external:
            employee = people.get((data.municipality, record.person))
            if employee is not None:
                # The signal copies the completion onto the obligations.
                ExternalCompletion.objects.create(
                    employee=employee,
                    course=course,
                    kind=record.kind,
                    completed_on=today - datetime.timedelta(days=record.days_ago),
                    note=record.note,
                    recorded_by=admin,
                )
        created += 1
    for exemption in DEMO_EXEMPTIONS:
        employee = people.get((exemption.municipality, exemption.person))
        if employee is not None:
            Exemption.objects.create(
                employee=employee,
                reason=exemption.reason,
                starts_on=today - datetime.timedelta(days=exemption.started_days_ago),
                ends_on=today + datetime.timedelta(days=exemption.ends_in_days),
                note=exemption.note,
                recorded_by=admin,
            )
    _mark_mails_sent(today)
    return created


def _create_assignment(data: DemoAssignment, admin, today) -> Assignment | None:
    """The assignment as if made ``assigned_days_ago``: its obligations carry that day."""
    course = CoursePage.objects.live().filter(title=data.course).first()
    units = OrgUnit.objects.filter(municipality__slug=data.municipality)
    root = units.filter(depth=1).select_related("municipality").first()
    if course is None or root is None:
        return None
    assignment = Assignment(
        course=course,
        municipality=root.municipality,
        target=data.target,
        due_rule=data.due_rule,
        due_days=data.due_days,
        recertification=data.recertification,
        valid_months=data.valid_months,
        note=data.note,
        created_by=admin,
    )
    if data.unit:
        assignment.org_unit = units.filter(name=data.unit).first()
    if data.position:
        unit_name, title = data.position
        assignment.position = Position.objects.filter(
            org_unit__in=units.filter(name=unit_name), title=title
        ).first()
    if data.due_in_days is not None:
        assignment.due_date = today + datetime.timedelta(days=data.due_in_days)
    if data.deadline:
        assignment.recurring_month, assignment.recurring_day = data.deadline
        assignment.due_date = _next_deadline(today, *data.deadline)
    if (data.unit and assignment.org_unit is None) or (data.position and not assignment.position):
        return None
    assignment.full_clean()
    assignment.save()
    sync_assignment(assignment)

    assigned_on = today - datetime.timedelta(days=data.assigned_days_ago)
    Assignment.objects.filter(pk=assignment.pk).update(
        created_at=F("created_at") - datetime.timedelta(days=data.assigned_days_ago)
    )
    assignment.refresh_from_db()
    obligations = list(assignment.obligations.select_related("employee"))
    for obligation in obligations:
        obligation.assigned_on = assigned_on
        obligation.due_date = initial_due_date(assignment, obligation.employee, assigned_on)
    Obligation.objects.bulk_update(obligations, ["assigned_on", "due_date"])
    return assignment


def _next_deadline(today: datetime.date, month: int, day: int) -> datetime.date:
    """The next (month, day) at least 30 days ahead, so the first round is not rushed."""
    candidate = datetime.date(today.year, month, day)
    while candidate < today + datetime.timedelta(days=30):
        candidate = add_months(candidate, 12)
    return candidate


def _complete(employee: Employee, course: CoursePage, on: datetime.date) -> None:
    """Work through the course as its pages would record it, then date it back to ``on``.

    A completion recorded earlier (the learning progress demo completes the IT security
    course for ``fuehrungskraft``) is dated back too, never forward.
    """
    user = employee.user
    modules = [module.specific for module in course.modules()]
    if not CourseCompletion.objects.filter(user=user, course=course).exists():
        for module in modules:
            if not module.optional:
                work_through(user, module)
    at = timezone.make_aware(datetime.datetime.combine(on, datetime.time(10, 0)))
    completion = CourseCompletion.objects.filter(user=user, course=course).first()
    if completion is not None and completion.completed_at > at:
        CourseCompletion.objects.filter(pk=completion.pk).update(completed_at=at)
        progress = ModuleProgress.objects.filter(user=user, course=course)
        progress.update(
            first_visit_at=at - datetime.timedelta(minutes=50), last_visit_at=at, completed_at=at
        )
        QuizAttempt.objects.filter(user=user, module__in=[m.pk for m in modules]).update(
            submitted_at=at - datetime.timedelta(minutes=5)
        )
    refresh_completion(employee, course.pk)


def _mark_mails_sent(today: datetime.date) -> None:
    """Record the e-mails a running installation would have sent by now (assigned,
    reminder, overdue), so the task worker of the quick start does not send the whole
    demo's backlog on its first run."""
    demo = Obligation.objects.filter(municipality__slug__in=DEMO_MUNICIPALITY_SLUGS)
    for assignment in Assignment.objects.filter(municipality__slug__in=DEMO_MUNICIPALITY_SLUGS):
        demo.filter(assignment=assignment).update(assigned_mail_sent_at=assignment.created_at)
    pending = demo.filter(completed_on__isnull=True)
    reminder_day = today + datetime.timedelta(days=settings.LERNWERK_REMINDER_DAYS_BEFORE)
    pending.filter(due_date__lte=reminder_day).update(reminder_sent_for=F("due_date"))
    pending.filter(due_date__lt=today).update(overdue_mail_sent_for=F("due_date"))

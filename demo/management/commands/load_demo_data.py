"""Load the demo: three municipalities of a cooperation in Kreis Lippe, their staff and
logins, and the course catalogues with realistic German courses.

The demo content lives in the ``demo`` app at the top, so no domain app carries it
(``demo/organisations.py``, ``demo/courses.py``, ``demo/progress.py``,
``demo/assignments.py``, ``demo/knowledge.py``). This command runs the loaders in
dependency order inside one transaction, so a failure leaves no half-loaded demo
behind. Each loader runs once: it is skipped when its part of the demo is there, so a
database that got the organisations demo before the courses existed gets the courses on
the next run, and a complete demo is left unchanged.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from demo.assignments import demo_assignments_exist, load_assignments
from demo.courses import DemoCourses, demo_courses_exist, load_courses
from demo.knowledge import DemoKnowledge, demo_knowledge_exists, load_knowledge
from demo.organisations import (
    DEMO_LOGINS,
    DEMO_MUNICIPALITY_SLUGS,
    DEMO_PASSWORD,
    DemoOrganisations,
    conflicting_usernames,
    load_organisations,
)
from demo.progress import demo_progress_exists, load_progress
from organisations.models import Municipality

ALREADY_LOADED = "Demo-Daten sind bereits vorhanden."


class Command(BaseCommand):
    help = (
        "Lädt Demo-Daten (Kommunen, Organisation, Beschäftigte, Demo-Anmeldungen, Kurse, "
        "Pflichtschulungen); "
        "was schon vorhanden ist, bleibt unverändert."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help=(
                "Auch mit DEBUG = False laden, etwa für einen Demo-Server. Die Demo-Anmeldungen "
                "haben ein öffentlich bekanntes Passwort."
            ),
        )

    def handle(self, *args, allow_production: bool, **options):
        if not settings.DEBUG and not allow_production:
            raise CommandError(
                "Die Demo-Anmeldungen haben ein öffentlich bekanntes Passwort. Ohne DEBUG nur "
                "mit --allow-production laden."
            )
        organisations = courses = None
        with transaction.atomic():
            if not Municipality.objects.filter(slug__in=DEMO_MUNICIPALITY_SLUGS).exists():
                taken = conflicting_usernames()
                if taken:
                    raise CommandError(
                        "Diese Benutzernamen sind schon vergeben: "
                        + ", ".join(taken)
                        + ". Die Demo-Daten brauchen eine leere Datenbank."
                    )
                organisations = load_organisations()
            if not demo_courses_exist():
                courses = load_courses(organisations.municipalities if organisations else None)
            progress = 0 if demo_progress_exists() else load_progress()
            assignments = 0 if demo_assignments_exist() else load_assignments()
            knowledge = None if demo_knowledge_exists() else load_knowledge()
        if (
            organisations is None
            and courses is None
            and not progress
            and not assignments
            and knowledge is None
        ):
            self.stdout.write(ALREADY_LOADED)
            return
        if organisations is not None:
            self.report_organisations(organisations)
        if courses is not None:
            self.report_courses(courses, added_later=organisations is None)
        if progress:
            self.stdout.write(
                self.style.SUCCESS(f"Lernstände der Demo-Anmeldungen: {progress} Kurse begonnen.")
            )
        if assignments:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Pflichtschulungen: {assignments} Zuweisungen mit erledigten, offenen, "
                    "bald fälligen und überfälligen Schulungen."
                )
            )
        if knowledge is not None:
            self.report_knowledge(knowledge)

    def report_organisations(self, organisations: DemoOrganisations) -> None:
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo-Daten geladen: {len(organisations.municipalities)} Kommunen, "
                f"{organisations.unit_count} Organisationseinheiten, "
                f"{len(organisations.employees)} Beschäftigte."
            )
        )
        self.stdout.write(f"Anmeldungen, alle mit dem Passwort „{DEMO_PASSWORD}“:")
        width = max(len(login.username) for login in DEMO_LOGINS)
        for login in DEMO_LOGINS:
            self.stdout.write(f"  {login.username:<{width}}  {login.person}: {login.description}")

    def report_knowledge(self, knowledge: DemoKnowledge) -> None:
        handover = knowledge.handover
        self.stdout.write(
            self.style.SUCCESS(
                f"Prozesswissen: {len(knowledge.articles)} Prozessbeschreibungen in "
                f"{len(knowledge.libraries)} Prozessbibliotheken, "
                f"{knowledge.acknowledgements} Kenntnisnahmen"
                + (f", offene Übergabe von {handover.leaver.full_name}." if handover else ".")
            )
        )

    def report_courses(self, courses: DemoCourses, *, added_later: bool) -> None:
        verb = "ergänzt" if added_later else "geladen"
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo-Kurse {verb}: {len(courses.catalogues)} Kurskataloge, "
                f"{len(courses.courses)} Kurse mit {len(courses.modules)} Modulen "
                f"und {courses.quiz_count} Quizzen."
            )
        )
        for course in courses.courses:
            self.stdout.write(f"  {course.title} ({course.duration_minutes} Minuten)")
        if added_later:
            self.stdout.write("Kommunen, Beschäftigte und Anmeldungen waren bereits vorhanden.")

"""Load the demo: three municipalities of a cooperation in Kreis Lippe with staff and logins.

Each app keeps its demo content next to its models (``organisations/demo_data.py``); this
command runs the loaders in dependency order inside one transaction, so a failure leaves
no half-loaded demo behind. It loads once: when the demo municipalities exist, it says
so and changes nothing.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from organisations.demo_data import (
    DEMO_LOGINS,
    DEMO_MUNICIPALITY_SLUGS,
    DEMO_PASSWORD,
    DemoOrganisations,
    conflicting_usernames,
    load_organisations,
)
from organisations.models import Municipality


class Command(BaseCommand):
    help = "Lädt Demo-Daten (Kommunen, Organisation, Beschäftigte, Demo-Anmeldungen) einmalig."

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
        with transaction.atomic():
            if Municipality.objects.filter(slug__in=DEMO_MUNICIPALITY_SLUGS).exists():
                self.stdout.write("Demo-Daten sind bereits vorhanden.")
                return
            taken = conflicting_usernames()
            if taken:
                raise CommandError(
                    "Diese Benutzernamen sind schon vergeben: "
                    + ", ".join(taken)
                    + ". Die Demo-Daten brauchen eine leere Datenbank."
                )
            organisations = load_organisations()
        self.report(organisations)

    def report(self, organisations: DemoOrganisations) -> None:
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

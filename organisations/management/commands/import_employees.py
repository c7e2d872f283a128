"""``manage.py import_employees FILE --municipality SLUG [--full] [--dry-run]``.

For the first load of a municipality's staff and for nightly imports from the HR
system's export. Exits with status 1 and lists every bad row if the file is refused;
nothing is written then. The CSV format is described in ``organisations.importing``.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from organisations.importing import MAX_FILE_BYTES, ImportMode, ImportRejected, import_employees
from organisations.models import Municipality


class Command(BaseCommand):
    help = (
        "Importiert die Beschäftigten einer Kommune aus einer CSV-Datei der "
        "Personalverwaltung (Schlüssel: Personalnummer)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="CSV-Datei (UTF-8 oder Windows-1252)")
        parser.add_argument(
            "--municipality", required=True, metavar="SLUG", help="Kurzname der Kommune"
        )
        parser.add_argument(
            "--full",
            action="store_true",
            help="Die Datei ist der Gesamtbestand: Wer fehlt, erhält heute als Austrittsdatum.",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Nur prüfen und zählen, nichts speichern und keine Einladungen senden.",
        )

    def handle(self, *args, file: Path, municipality: str, full: bool, dry_run: bool, **options):
        try:
            target = Municipality.objects.get(slug=municipality)
        except Municipality.DoesNotExist:
            raise CommandError(f"Keine Kommune mit dem Kurznamen „{municipality}“.") from None
        try:
            with file.open("rb") as stream:
                # One byte more than allowed, so that the import can say "too big".
                data = stream.read(MAX_FILE_BYTES + 1)
        except OSError as exc:
            raise CommandError(f"Die Datei „{file}“ kann nicht gelesen werden: {exc}") from exc

        try:
            mode = ImportMode.FULL if full else ImportMode.PARTIAL
            result = import_employees(data, target, dry_run=dry_run, mode=mode)
        except ImportRejected as rejected:
            for error in rejected.errors:
                self.stderr.write(str(error))
            raise CommandError(
                f"Nichts importiert: {len(rejected.errors)} Fehler in „{file}“."
            ) from None
        self.stdout.write(self.style.SUCCESS(f"{target.name}: {result.summary()}"))

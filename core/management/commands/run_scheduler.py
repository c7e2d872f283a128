"""Run the periodic management commands when they are due: a small scheduler.

For the quick-start and single-server installs, where cron or systemd timers would be
one more thing to set up: ``manage.py run_scheduler`` runs next to ``db_worker`` and,
once a minute, runs each command of ``settings.LERNWERK_PERIODIC_COMMANDS`` that is due.
``--once`` runs what is due and exits, for a cron line (``* * * * *``) and for tests.

A schedule is a ``timedelta`` (at that interval) or ``"HH:MM"`` (daily at that local
time). A command that has never run is due at once, and a scheduler that was down
catches up with one run, not one per missed slot. Times are taken to the minute, so an
hourly command stays on the minute it first ran.

When each command last started is kept in a small JSON file (``var/scheduler.json`` by
default), not in the database: a model would add a migration and a table for what is a
convenience for small installs, and the cache is per process in development, so a cron
``--once`` would forget it. Losing the file costs one extra run of each command, which
is harmless because the commands are idempotent. The start is recorded before a command
runs, so an overlapping ``--once`` does not start it twice, and a failed command is
retried at its next slot rather than every minute.

Commands run in this process, one after another; a failing one is logged and the others
still run. SIGTERM and SIGINT end the loop once the running command has finished.
"""

from __future__ import annotations

import json
import logging
import os
import shlex
import signal
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from datetime import time as time_of_day
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command, get_commands
from django.core.management.base import BaseCommand, CommandError
from django.db import close_old_connections
from django.utils import timezone

logger = logging.getLogger("lernwerk.scheduler")

TICK_SECONDS = 60


@dataclass(frozen=True)
class PeriodicCommand:
    """One entry of ``LERNWERK_PERIODIC_COMMANDS``; ``line`` also keys its state."""

    line: str
    schedule: timedelta | time_of_day

    @property
    def argv(self) -> list[str]:
        return shlex.split(self.line)

    def is_due(self, last_started: datetime | None, now: datetime) -> bool:
        if last_started is None:
            return True
        if isinstance(self.schedule, timedelta):
            return now - last_started >= self.schedule
        local_now = timezone.localtime(now)
        slot = local_now.replace(
            hour=self.schedule.hour, minute=self.schedule.minute, second=0, microsecond=0
        )
        if slot > local_now:
            slot -= timedelta(days=1)
        return last_started < slot


def parse_schedule(value) -> timedelta | time_of_day:
    if isinstance(value, timedelta) and value > timedelta(0):
        return value
    if isinstance(value, time_of_day):
        return value
    if isinstance(value, str):
        try:
            return time_of_day.fromisoformat(value)
        except ValueError:
            pass
    raise ImproperlyConfigured(
        f"LERNWERK_PERIODIC_COMMANDS: „{value}“ ist weder ein Zeitabstand (timedelta) "
        "noch eine Uhrzeit „HH:MM“."
    )


def periodic_commands(entries: Sequence[tuple[str, object]]) -> list[PeriodicCommand]:
    """Check the setting up front, so a typo stops the scheduler instead of failing daily."""
    known = get_commands()
    commands = []
    for line, schedule in entries:
        argv = shlex.split(line)
        if not argv or argv[0] not in known:
            raise ImproperlyConfigured(f"LERNWERK_PERIODIC_COMMANDS: unbekannter Befehl „{line}“.")
        commands.append(PeriodicCommand(line, parse_schedule(schedule)))
    return commands


class SchedulerState:
    """Start and outcome of each command's last run, in a JSON file.

    Every update reads the file afresh and replaces it atomically, so a second scheduler
    process (an overlapping cron run) loses no entries and never sees half a file.
    """

    def __init__(self, path: Path):
        self.path = path

    def read(self) -> dict:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, ValueError):
            logger.warning("%s ist nicht lesbar; alle Befehle gelten als fällig.", self.path)
            return {}
        return data if isinstance(data, dict) else {}

    def last_started(self, line: str) -> datetime | None:
        """None (so: due) for a command without a usable entry."""
        entry = self.read().get(line)
        try:
            started = datetime.fromisoformat(entry["last_started"])
        except (KeyError, TypeError, ValueError):
            return None
        return started if timezone.is_aware(started) else timezone.make_aware(started)

    def record_start(self, line: str, when: datetime) -> None:
        self._update(
            line,
            last_started=timezone.localtime(when).isoformat(),
            last_finished=None,
            succeeded=None,
        )

    def record_result(self, line: str, succeeded: bool) -> None:
        finished = timezone.localtime().replace(microsecond=0).isoformat()
        self._update(line, last_finished=finished, succeeded=succeeded)

    def _update(self, line: str, **values) -> None:
        entries = self.read()
        entries.setdefault(line, {}).update(values)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_name(self.path.name + ".tmp")
        temporary.write_text(json.dumps(entries, indent=2, ensure_ascii=False), encoding="utf-8")
        os.replace(temporary, self.path)


class Command(BaseCommand):
    help = "Führt die Befehle aus LERNWERK_PERIODIC_COMMANDS aus, wenn sie fällig sind."

    def add_arguments(self, parser):
        parser.add_argument(
            "--once",
            action="store_true",
            help="Einmal alles Fällige ausführen und beenden (für cron und Tests).",
        )
        parser.add_argument(
            "--state-file",
            type=Path,
            default=settings.BASE_DIR / "var" / "scheduler.json",
            help="Datei mit dem letzten Lauf je Befehl (Vorgabe: %(default)s).",
        )

    def handle(self, *args, once: bool, state_file: Path, verbosity: int, **options):
        try:
            commands = periodic_commands(settings.LERNWERK_PERIODIC_COMMANDS)
        except ImproperlyConfigured as error:
            raise CommandError(str(error)) from error
        self.stop_signal = None
        self.verbosity = verbosity
        state = SchedulerState(state_file)
        with self.log_to_stdout(verbosity):
            if once:
                failed = self.run_due(commands, state)
                if failed:
                    raise CommandError("Fehlgeschlagen: " + ", ".join(failed))
            else:
                self.run_forever(commands, state)

    def run_forever(self, commands: list[PeriodicCommand], state: SchedulerState) -> None:
        previous = {sig: signal.signal(sig, self.stop) for sig in (signal.SIGTERM, signal.SIGINT)}
        logger.info("Scheduler gestartet: %s", "; ".join(command.line for command in commands))
        try:
            while self.stop_signal is None:
                # A long-running process must not keep a connection the database dropped.
                close_old_connections()
                self.run_due(commands, state)
                close_old_connections()
                self.sleep_until_next_minute()
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)
        logger.info("Scheduler beendet (%s).", signal.Signals(self.stop_signal).name)

    def stop(self, signum, frame) -> None:
        """Only note the signal: the running command finishes, then the loop ends."""
        self.stop_signal = signum

    def sleep_until_next_minute(self) -> None:
        deadline = time.monotonic() + TICK_SECONDS - time.time() % TICK_SECONDS
        while self.stop_signal is None and (left := deadline - time.monotonic()) > 0:
            time.sleep(min(left, 1.0))

    def run_due(self, commands: list[PeriodicCommand], state: SchedulerState) -> list[str]:
        """Run every due command; returns the lines of those that failed."""
        now = timezone.now().replace(second=0, microsecond=0)
        failed = []
        for command in commands:
            if self.stop_signal is not None:
                break
            if not command.is_due(state.last_started(command.line), now):
                continue
            state.record_start(command.line, now)
            succeeded = self.run_command(command)
            state.record_result(command.line, succeeded)
            if not succeeded:
                failed.append(command.line)
        return failed

    def run_command(self, command: PeriodicCommand) -> bool:
        logger.info("Starte: %s", command.line)
        started = time.monotonic()
        try:
            call_command(
                *command.argv, stdout=self.stdout, stderr=self.stderr, verbosity=self.verbosity
            )
        except (Exception, SystemExit):
            logger.exception("Fehlgeschlagen: %s", command.line)
            return False
        logger.info("Fertig nach %.1f s: %s", time.monotonic() - started, command.line)
        return True

    @contextmanager
    def log_to_stdout(self, verbosity: int) -> Iterator[None]:
        """Show the log on stdout, unless LOGGING already routes it (as in production)."""
        if logger.hasHandlers():
            yield
            return
        handler = logging.StreamHandler(self.stdout)
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
        level = logger.level
        logger.addHandler(handler)
        logger.setLevel(logging.WARNING if verbosity == 0 else logging.INFO)
        try:
            yield
        finally:
            logger.removeHandler(handler)
            logger.setLevel(level)

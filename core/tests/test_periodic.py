"""The scheduler: runs each periodic command when it is due, and keeps going when one fails.

The command it runs here is ``deactivate_leavers`` (organisations), because its effect
is easy to see: a leaver's account is closed or not.
"""

import json
import os
import signal
import tempfile
from datetime import datetime, timedelta
from io import StringIO
from pathlib import Path
from unittest import mock
from zoneinfo import ZoneInfo

from django.core.exceptions import ImproperlyConfigured
from django.core.management import CommandError, call_command
from django.test import SimpleTestCase, TestCase, override_settings
from django.utils import timezone

from core.management.commands import run_scheduler
from core.management.commands.run_scheduler import PeriodicCommand
from organisations.tests.test_deactivate_leavers import is_active, leaver_who_is_still_active

BERLIN = ZoneInfo("Europe/Berlin")
DAILY = [("deactivate_leavers", "01:30")]
HOURLY = [("deactivate_leavers", timedelta(hours=1))]


class RunSchedulerOnceTests(TestCase):
    def setUp(self):
        self.state_file = Path(self.enterContext(tempfile.TemporaryDirectory())) / "state.json"

    def run_scheduler(self, *args):
        call_command(
            "run_scheduler", *args, "--state-file", str(self.state_file), stdout=StringIO()
        )

    def state(self) -> dict:
        return json.loads(self.state_file.read_text(encoding="utf-8"))

    def write_last_started(self, line: str, when: datetime):
        self.state_file.write_text(json.dumps({line: {"last_started": when.isoformat()}}))

    @override_settings(LERNWERK_PERIODIC_COMMANDS=DAILY)
    def test_runs_a_command_that_never_ran_and_records_it(self):
        leaver = leaver_who_is_still_active()

        self.run_scheduler("--once")

        self.assertFalse(is_active(leaver))
        entry = self.state()["deactivate_leavers"]
        self.assertIs(entry["succeeded"], True)
        started = datetime.fromisoformat(entry["last_started"])
        self.assertLess(timezone.now() - started, timedelta(minutes=2))

    @override_settings(LERNWERK_PERIODIC_COMMANDS=DAILY)
    def test_skips_a_daily_command_that_ran_since_its_time(self):
        self.write_last_started("deactivate_leavers", timezone.now())
        leaver = leaver_who_is_still_active()

        self.run_scheduler("--once")

        self.assertTrue(is_active(leaver))

    @override_settings(LERNWERK_PERIODIC_COMMANDS=HOURLY)
    def test_runs_an_interval_command_again_once_its_interval_has_passed(self):
        self.write_last_started("deactivate_leavers", timezone.now() - timedelta(minutes=59))
        leaver = leaver_who_is_still_active()
        self.run_scheduler("--once")
        self.assertTrue(is_active(leaver))

        self.write_last_started("deactivate_leavers", timezone.now() - timedelta(minutes=61))
        self.run_scheduler("--once")
        self.assertFalse(is_active(leaver))

    @override_settings(LERNWERK_PERIODIC_COMMANDS=HOURLY + [("check", timedelta(hours=1))])
    def test_a_failing_command_is_logged_and_the_others_still_run(self):
        failing_task = mock.Mock()
        failing_task.enqueue.side_effect = RuntimeError("Datenbank nicht erreichbar")
        with (
            mock.patch(
                "organisations.management.commands.deactivate_leavers.deactivate_leavers",
                failing_task,
            ),
            self.assertLogs("lernwerk.scheduler") as logs,
            self.assertRaisesMessage(CommandError, "Fehlgeschlagen: deactivate_leavers"),
        ):
            self.run_scheduler("--once")

        self.assertIs(self.state()["deactivate_leavers"]["succeeded"], False)
        self.assertIs(self.state()["check"]["succeeded"], True)
        log = "\n".join(logs.output)
        self.assertIn("Fehlgeschlagen: deactivate_leavers", log)
        self.assertIn("Datenbank nicht erreichbar", log)

    @override_settings(LERNWERK_PERIODIC_COMMANDS=DAILY)
    def test_an_unreadable_state_file_makes_every_command_due(self):
        self.state_file.write_text("{kaputt")
        leaver = leaver_who_is_still_active()

        self.run_scheduler("--once")

        self.assertFalse(is_active(leaver))
        self.assertIn("deactivate_leavers", self.state())

    @override_settings(LERNWERK_PERIODIC_COMMANDS=[("gibt_es_nicht", "02:00")])
    def test_an_unknown_command_in_the_setting_stops_the_scheduler_at_once(self):
        with self.assertRaisesMessage(CommandError, "gibt_es_nicht"):
            self.run_scheduler("--once")
        self.assertFalse(self.state_file.exists())

    @override_settings(LERNWERK_PERIODIC_COMMANDS=DAILY)
    def test_the_loop_runs_due_commands_and_stops_cleanly_on_sigterm(self):
        leaver = leaver_who_is_still_active()
        handler_before = signal.getsignal(signal.SIGTERM)

        def terminate(command):
            os.kill(os.getpid(), signal.SIGTERM)

        with (
            mock.patch.object(run_scheduler, "close_old_connections"),
            mock.patch.object(
                run_scheduler.Command, "sleep_until_next_minute", autospec=True
            ) as sleep,
            self.assertLogs("lernwerk.scheduler") as logs,
        ):
            sleep.side_effect = terminate
            self.run_scheduler()

        self.assertFalse(is_active(leaver))
        self.assertEqual(sleep.call_count, 1)
        self.assertIn("Scheduler beendet (SIGTERM)", logs.output[-1])
        self.assertIs(signal.getsignal(signal.SIGTERM), handler_before)


class DueTests(SimpleTestCase):
    """When a command is due; times are Europe/Berlin, as in the settings."""

    daily = PeriodicCommand("deactivate_leavers", run_scheduler.parse_schedule("01:30"))
    hourly = PeriodicCommand("deactivate_leavers", timedelta(hours=1))

    def at(self, day: int, hour: int, minute: int) -> datetime:
        return datetime(2026, 11, day, hour, minute, tzinfo=BERLIN)

    def test_a_command_that_never_ran_is_due(self):
        self.assertTrue(self.daily.is_due(None, self.at(20, 0, 5)))
        self.assertTrue(self.hourly.is_due(None, self.at(20, 0, 5)))

    def test_a_daily_command_is_due_from_its_time_on(self):
        last = self.at(19, 1, 30)
        self.assertFalse(self.daily.is_due(last, self.at(19, 23, 59)))
        self.assertFalse(self.daily.is_due(last, self.at(20, 1, 29)))
        self.assertTrue(self.daily.is_due(last, self.at(20, 1, 30)))

    def test_a_missed_daily_run_is_caught_up_once(self):
        self.assertTrue(self.daily.is_due(self.at(17, 1, 30), self.at(20, 9, 0)))
        self.assertFalse(self.daily.is_due(self.at(20, 9, 0), self.at(20, 9, 1)))

    def test_an_interval_command_is_due_when_the_interval_has_passed(self):
        last = self.at(20, 10, 0)
        self.assertFalse(self.hourly.is_due(last, self.at(20, 10, 59)))
        self.assertTrue(self.hourly.is_due(last, self.at(20, 11, 0)))

    def test_schedules_are_a_time_of_day_or_a_positive_interval(self):
        for wrong in ("täglich", "25:00", timedelta(0), 60):
            with self.subTest(wrong), self.assertRaises(ImproperlyConfigured):
                run_scheduler.parse_schedule(wrong)

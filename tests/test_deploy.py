"""The scheduled run in deploy/: systemd service and timer, and the cron line, run the README's main command."""

import configparser
import re

from segstats import paths

DEPLOY = paths.PROJ_ROOT / "deploy"
MAIN_COMMAND = "python3 dev.py run"  # the README's first quick-start command (tests/test_project.py)


def unit(name: str) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(strict=True, interpolation=None)
    parser.optionxform = str  # systemd keys are case-sensitive
    parser.read(DEPLOY / name, encoding="utf-8")
    return parser


def test_service_runs_the_main_command_once_in_the_checkout():
    service = unit("segstats-report.service")["Service"]
    assert service["Type"] == "oneshot"
    assert service["ExecStart"].endswith(MAIN_COMMAND) and service["ExecStart"].startswith("/")
    assert service["WorkingDirectory"].startswith("/")


def test_timer_starts_the_service_yearly_and_catches_up_a_missed_run():
    timer = unit("segstats-report.timer")
    assert re.fullmatch(r"\*-\d\d-\d\d \d\d:\d\d:\d\d", timer["Timer"]["OnCalendar"])  # once a year
    assert timer["Timer"]["Persistent"] == "true"
    assert "Unit" not in timer["Timer"]  # so it starts the service of the same name
    assert timer["Install"]["WantedBy"] == "timers.target"


def test_cron_line_runs_the_same_command_at_the_same_time():
    lines = [line for line in (DEPLOY / "crontab").read_text().splitlines() if line and not line.startswith("#")]
    assert len(lines) == 1
    minute, hour, day, month, weekday, command = lines[0].split(maxsplit=5)
    when = re.fullmatch(r"\*-(\d\d)-(\d\d) (\d\d):(\d\d):00", unit("segstats-report.timer")["Timer"]["OnCalendar"])
    assert [int(x) for x in (month, day, hour, minute)] == [int(x) for x in when.groups()]
    assert weekday == "*"
    assert MAIN_COMMAND in command

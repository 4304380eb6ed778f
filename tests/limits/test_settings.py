import json
import os
import subprocess
import sys

from django.conf import settings


def rate_settings(**env):
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("RATE_", "LOGIN_"))}
    return subprocess.run(
        [
            sys.executable,
            "manage.py",
            "shell",
            "-v",
            "0",
            "-c",
            "from django.conf import settings as s; "
            "import json; print(json.dumps([s.RATE_LIMITS, s.AXES_FAILURE_LIMIT, s.AXES_COOLOFF_TIME.seconds]))",
        ],
        cwd=settings.BASE_DIR,
        env={**environ, **env},
        capture_output=True,
        text=True,
    )


def test_a_deployment_with_nothing_set_gets_the_documented_limits():
    result = rate_settings()

    rates, failures, cool_off = json.loads(result.stdout)
    assert rates == {
        "contributions": "10/min",
        "comments": "10/min",
        "supports": "30/min",
        "reports": "10/hour",
        "writes": "100/min",
        "signups": "10/hour",
        "password_resets": "5/hour",
        "bad_tokens": "20/min",
        "reads": "3000/min",
    }
    assert (failures, cool_off) == (5, 15 * 60)


def test_a_limit_can_be_raised_or_lifted_and_a_mistyped_one_stops_the_start():
    rates, *_ = json.loads(rate_settings(RATE_CONTRIBUTIONS="1000/hour", RATE_READS="off").stdout)
    assert (rates["contributions"], rates["reads"]) == ("1000/hour", None)

    result = rate_settings(RATE_PASSWORD_RESETS="5 par heure")
    assert result.returncode != 0
    assert "RATE_PASSWORD_RESETS must be a rate such as 10/min" in result.stderr

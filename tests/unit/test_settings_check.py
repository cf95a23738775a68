"""Settings checked for type and range before a crawl: messages name the setting and what it accepts."""

from __future__ import annotations

from pathlib import Path

import pytest

from crawler import settings as project_settings
from crawler.settings_check import check_settings, project_defaults, setting_types
from crawler.user_errors import UserError, did_you_mean, refuse_unknown_arguments


def error_of(values: dict[str, object]) -> str:
    with pytest.raises(UserError) as caught:
        check_settings(values)
    return str(caught.value)


def test_the_project_defaults_pass() -> None:
    check_settings({name: getattr(project_settings, name) for name in setting_types() if hasattr(project_settings, name)})


def test_values_from_the_command_line_are_converted() -> None:
    check_settings({"EXTRACT_WORKERS": "3", "AUTOTHROTTLE_ENABLED": "False", "DEDUP_NEAR_THRESHOLD": "0.9", "LOG_LEVEL": "debug"})


def test_every_scalar_project_setting_is_checked() -> None:
    scalar = {k for k, v in project_defaults().items() if isinstance(v, (bool, int, float, str))}
    assert scalar, "no project setting found"
    assert scalar <= set(setting_types())
    assert {"EXTRACT_WORKERS", "DEDUP_NEAR_THRESHOLD", "EXTRACT_TIMEOUT", "OUTPUT_DIR", "CRAWLER_CONTACT"} <= scalar


def test_a_word_for_a_number_names_the_setting_and_the_type() -> None:
    assert error_of({"EXTRACT_WORKERS": "abc"}) == "EXTRACT_WORKERS='abc': must be a whole number >= 0"


def test_out_of_range_names_the_range() -> None:
    assert error_of({"DEDUP_NEAR_THRESHOLD": "1.5"}) == "DEDUP_NEAR_THRESHOLD='1.5': must be a number > 0 and <= 1"
    assert error_of({"EXTRACT_TIMEOUT": "-1"}) == "EXTRACT_TIMEOUT='-1': must be a number > 0"
    assert "CONCURRENT_REQUESTS_PER_DOMAIN='0': must be a whole number >= 1" in error_of({"CONCURRENT_REQUESTS_PER_DOMAIN": "0"})


def test_booleans_and_patterns() -> None:
    assert error_of({"TEMPLATES_ENABLED": "maybe"}) == "TEMPLATES_ENABLED='maybe': must be true or false"
    assert error_of({"TOPIC_SINCE": "2020-1"}) == "TOPIC_SINCE='2020-1': must be a date YYYY-MM-DD, or empty"
    check_settings({"TOPIC_SINCE": ""})


def test_every_problem_is_reported_at_once() -> None:
    message = error_of({"EXTRACT_WORKERS": "abc", "EXTRACT_TIMEOUT": "0"})
    assert "EXTRACT_WORKERS" in message and "EXTRACT_TIMEOUT" in message


def test_output_dir_must_not_be_a_file(tmp_path: Path) -> None:
    file = tmp_path / "notes.txt"
    file.write_text("x")
    assert error_of({"OUTPUT_DIR": str(file)}).startswith(f"OUTPUT_DIR={str(file)!r}: must be a folder")
    assert f"({file} is a file)" in error_of({"OUTPUT_DIR": str(file / "sub")})
    check_settings({"OUTPUT_DIR": str(tmp_path / "new" / "folder")})


def test_unknown_spider_argument_names_the_nearest() -> None:
    with pytest.raises(UserError, match=r"-a profil=: unknown argument of spider `topic`; did you mean `profile`\?"):
        refuse_unknown_arguments({"profil": "x.toml"}, ["profile", "urls"], "topic")
    refuse_unknown_arguments({"_job": "abc", "urls": "http://x/"}, ["profile", "urls"], "topic")
    assert did_you_mean("zzz", ["profile", "urls"]) == ""

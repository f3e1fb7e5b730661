"""Logs on the server are one JSON object per line, so the city's log collector can read them."""

import json
import logging

from kemi_hyte.jsonlog import JsonFormatter
from tests.conftest import production_settings


def record_of(logger_name: str, message: str, *, exc_info=None, **extra) -> logging.LogRecord:
    logger = logging.getLogger(logger_name)
    return logger.makeRecord(
        logger_name, logging.ERROR, __file__, 1, message, (), exc_info, extra=extra
    )


def test_production_logs_json_and_development_plain_text(monkeypatch):
    production = production_settings(monkeypatch)["LOGGING"]
    development = production_settings(monkeypatch, DJANGO_DEBUG="true")["LOGGING"]

    assert production["handlers"]["stdout"]["formatter"] == "json"
    assert production["handlers"]["stdout"]["stream"] == "ext://sys.stdout"
    assert development["handlers"]["stdout"]["formatter"] == "plain"


def test_an_error_with_its_traceback_stays_on_one_line():
    try:
        raise ValueError("rivi 1\nrivi 2")
    except ValueError as error:
        record = record_of(
            "django.request",
            "Internal Server Error: /",
            exc_info=(type(error), error, error.__traceback__),
        )

    line = JsonFormatter().format(record)

    assert "\n" not in line
    entry = json.loads(line)
    assert entry["level"] == "ERROR"
    assert entry["message"] == "Internal Server Error: /"
    assert "ValueError: rivi 1\nrivi 2" in entry["exception"]


def test_extra_fields_are_kept_and_objects_written_as_text():
    record = record_of("django.request", "Not Found: /x", status_code=404, request=object())

    entry = json.loads(JsonFormatter().format(record))

    assert entry["status_code"] == 404
    assert entry["request"].startswith("<object object at")
    assert "args" not in entry and "msg" not in entry

"""Bugs go to a private log file, without any text a note could have put in a message."""

from __future__ import annotations

import logging
import sqlite3
import stat
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from fieldjournal import Journal
from fieldjournal.services.failures import explain
from fieldjournal.services.log_file import LOGGER, log_path, setup_logging

SECRET = "Margaret told me about her diagnosis"


@pytest.fixture(autouse=True)
def fresh_logger() -> None:
    logger = logging.getLogger(LOGGER)
    for handler in list(logger.handlers):
        logger.removeHandler(handler)
        handler.close()


def test_a_bug_is_logged_by_type_and_frames_never_by_message(journal: Journal) -> None:
    try:  # a database error whose message quotes a body, as SQLAlchemy's do
        with journal.database.write_engine.connect() as conn:
            conn.execute(text("INSERT INTO nowhere VALUES (:body)"), {"body": SECRET})
    except SQLAlchemyError as error:
        sentence = explain(error, journal.paths.root, "your change")
    assert sentence.startswith("unexpected error (OperationalError), a bug in Fieldjournal")
    assert str(log_path()) in sentence and SECRET not in sentence and "http" not in sentence
    logged = log_path().read_text(encoding="utf-8")
    assert "OperationalError" in logged and "test_log_file.py" in logged
    assert SECRET not in logged  # the source lines of the frames are code, not data
    assert stat.S_IMODE(log_path().stat().st_mode) == 0o600
    assert stat.S_IMODE(log_path().parent.stat().st_mode) == 0o700


def test_warnings_go_to_the_file_not_the_terminal(capsys: pytest.CaptureFixture[str]) -> None:
    path = setup_logging()
    assert path == log_path()
    logging.getLogger("fieldjournal.search.index").warning("the index was behind")
    assert capsys.readouterr().err == ""
    assert "the index was behind" in log_path().read_text(encoding="utf-8")


def test_a_storage_failure_is_not_a_bug(tmp_path: Path) -> None:
    sentence = explain(sqlite3.OperationalError("database or disk is full"), tmp_path)
    assert sentence.startswith("the disk is full") and not log_path().exists()

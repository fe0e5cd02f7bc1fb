"""Run Alembic migrations from code (used by `python -m bot db upgrade` and tests)."""

from __future__ import annotations

from alembic import command
from alembic.config import Config

from bot.config import ROOT


def alembic_config(database_url: str) -> Config:
    """Alembic config for this repo pointed at one database."""
    cfg = Config(str(ROOT / "alembic.ini"))
    cfg.set_main_option("script_location", str(ROOT / "bot" / "db" / "migrations"))
    cfg.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    cfg.attributes["configure_logger"] = False
    return cfg


def upgrade(database_url: str, revision: str = "head") -> None:
    """Bring the database up to `revision` (head by default)."""
    command.upgrade(alembic_config(database_url), revision)

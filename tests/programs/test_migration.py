"""The migration creates the catalog tables, and they match the models."""

from __future__ import annotations

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from bot.db.base import Base
from bot.db.migrate import upgrade
from bot.db.session import make_engine
from bot.programs import models  # noqa: F401  (registers the tables)


def test_upgrade_on_a_fresh_database_creates_the_tables(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'fresh.db'}"
    upgrade(url)
    engine = make_engine(url)
    try:
        inspector = inspect(engine)
        assert {"provider", "program"} <= set(inspector.get_table_names())
        indexes = {ix["name"]: ix for ix in inspector.get_indexes("program")}
        assert indexes["ix_program_search"]["column_names"][:3] == ["format", "lat", "lon"]
        uniques = {u["name"] for u in inspector.get_unique_constraints("program")}
        assert "uq_program_key" in uniques
        with engine.connect() as connection:
            diff = compare_metadata(MigrationContext.configure(connection), Base.metadata)
        ours = [d for d in diff if "program" in repr(d) or "provider" in repr(d)]
        assert ours == []
    finally:
        engine.dispose()


def test_migration_renders_for_postgresql(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    from alembic import command

    from bot.db.migrate import alembic_config

    cfg = alembic_config("postgresql://user@localhost/db")
    command.upgrade(cfg, "768beeba5bd6:head", sql=True)
    sql = capsys.readouterr().out
    assert "CREATE TABLE program" in sql
    assert "CREATE INDEX ix_program_search ON program" in sql
    assert "BOOLEAN" in sql

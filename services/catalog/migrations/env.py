"""Alembic environment of the catalog database (the URL comes from settings or the config)."""

from catalog.models import Base
from catalog.settings import Settings
from common.migrations import run_env

run_env(Base.metadata, Settings().database_url)

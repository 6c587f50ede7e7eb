from sampleapp.app import Base, Settings

from common.migrations import run_env

run_env(Base.metadata, Settings().database_url)

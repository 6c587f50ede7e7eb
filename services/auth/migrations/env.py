from auth.models import Base
from auth.settings import Settings
from common.migrations import run_env

run_env(Base.metadata, Settings().database_url)

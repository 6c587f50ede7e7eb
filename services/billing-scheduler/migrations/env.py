from billing.models import Base
from billing.settings import Settings
from common.migrations import run_env

run_env(Base.metadata, Settings().database_url)

from common.migrations import run_env
from sandbox_provider.models import Base
from sandbox_provider.settings import Settings

run_env(Base.metadata, Settings().database_url)

from common.migrations import run_env
from webhooks.models import Base
from webhooks.settings import Settings

run_env(Base.metadata, Settings().database_url)

from common.migrations import run_env
from payments.models import Base
from payments.settings import Settings

run_env(Base.metadata, Settings().database_url)

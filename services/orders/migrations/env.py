from common.migrations import run_env
from orders.models import Base
from orders.settings import Settings

run_env(Base.metadata, Settings().database_url)

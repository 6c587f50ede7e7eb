"""Annotated aliases the routers share: the runtime and the list filters."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import Depends, Query

from common.runtime import runtime_dependency
from orders.runtime import Runtime
from orders.state import OrderStatus

RuntimeDep = Annotated[Runtime, Depends(runtime_dependency(Runtime))]

StatusFilter = Annotated[OrderStatus | None, Query(description="Only orders in this status")]
UserFilter = Annotated[uuid.UUID | None, Query(description="Admins only: the orders of this buyer")]
AsSeller = Annotated[
    bool, Query(description="Sellers: the orders containing their products instead of their own")
]

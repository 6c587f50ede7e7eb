"""Annotated aliases the routers share."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import Query

from orders.state import OrderStatus

StatusFilter = Annotated[OrderStatus | None, Query(description="Only orders in this status")]
UserFilter = Annotated[uuid.UUID | None, Query(description="Admins only: the orders of this buyer")]
AsSeller = Annotated[
    bool, Query(description="Sellers: the orders containing their products instead of their own")
]

"""HTTP routes: the cart, orders, and fulfilment (shipping and the support thread)."""

from __future__ import annotations

from fastapi import APIRouter

from orders.routers import cart, fulfilment, orders


def service_router() -> APIRouter:
    """Every route. Order routes live at the root (the gateway strips ``/api/orders``) and
    again under ``/orders`` for direct callers; ids are matched as UUIDs only, so ``/cart``
    and the operational routes never collide with ``/{order_id}``."""
    api = APIRouter()
    api.include_router(cart.router)
    api.include_router(orders.router)
    for prefix, documented in (("", True), ("/orders", False)):
        api.include_router(orders.order_router, prefix=prefix, include_in_schema=documented)
        api.include_router(fulfilment.router, prefix=prefix, include_in_schema=documented)
    return api

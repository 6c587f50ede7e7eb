"""The catalog's expected failures; each renders as problem+json with ``code`` = snake-case name."""

from __future__ import annotations

from common.errors import Conflict, Forbidden, NotFound, Unauthorized


class ProductNotFound(NotFound):
    default_message = "No product with this id."


class ProductNameTaken(Conflict):
    default_message = "A product with this name already exists (names ignore case)."


class ProductArchived(Conflict):
    default_message = "This product is archived and can no longer be changed."


class InsufficientStock(Conflict):
    default_message = "Stock cannot go below the units reserved for unpaid orders."


class NotProductOwner(Forbidden):
    default_message = "Only the product's seller or an admin may change it."


class InvalidInternalToken(Unauthorized):
    default_message = "This route is for the platform's services only."

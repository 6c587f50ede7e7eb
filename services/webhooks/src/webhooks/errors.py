"""Webhooks' expected failures; each renders as problem+json with ``code`` = the snake-case name."""

from __future__ import annotations

from common.errors import Conflict, Forbidden, NotFound, Unprocessable


class EndpointNotFound(NotFound):
    default_message = "Webhook endpoint not found."


class DeliveryNotFound(NotFound):
    default_message = "Delivery not found."


class InvalidDestination(Unprocessable):
    default_message = "Deliveries cannot be sent to this URL."


class UnknownEventType(Unprocessable):
    default_message = "An event type is not in the catalog."


class AllUsersForbidden(Forbidden):
    default_message = "Only an admin's endpoint may receive every user's events."


class EndpointDisabled(Conflict):
    default_message = "The endpoint is disabled; enable it first."


class DeliveryInFlight(Conflict):
    default_message = "The delivery is being attempted right now."

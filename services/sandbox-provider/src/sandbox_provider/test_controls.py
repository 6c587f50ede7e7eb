"""Fault injection for tests, mounted only when the ``test_controls`` setting is on."""

from __future__ import annotations

from fastapi import APIRouter, Depends

from common.errors import error_responses
from sandbox_provider.dependencies import BehaviourDep, require_secret_key
from sandbox_provider.errors import InvalidApiKey
from sandbox_provider.schemas import BehaviourRead, BehaviourUpdate

router = APIRouter(
    prefix="/v1/test",
    tags=["test controls"],
    dependencies=[Depends(require_secret_key)],
    responses=error_responses(InvalidApiKey),
)


@router.get("/behaviour", response_model=BehaviourRead)
async def read_behaviour(behaviour: BehaviourDep) -> BehaviourRead:
    return BehaviourRead(**behaviour.as_dict())


@router.post("/behaviour", response_model=BehaviourRead)
async def set_behaviour(body: BehaviourUpdate, behaviour: BehaviourDep) -> BehaviourRead:
    """Set the given fields; the others keep their value."""
    behaviour.update(**body.model_dump())
    return BehaviourRead(**behaviour.as_dict())


@router.delete("/behaviour", response_model=BehaviourRead)
async def reset_behaviour(behaviour: BehaviourDep) -> BehaviourRead:
    behaviour.reset()
    return BehaviourRead(**behaviour.as_dict())

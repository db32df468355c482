"""Every HTTP route module, included here and nowhere else."""

from __future__ import annotations

from fastapi import APIRouter

from backend.api.routes import eligibility, health, nlu, rest_channel

api_router = APIRouter()
api_router.include_router(health.router)
api_router.include_router(rest_channel.router)
api_router.include_router(nlu.router)
api_router.include_router(eligibility.router)

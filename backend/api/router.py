"""Every HTTP route module, included here and nowhere else."""

from __future__ import annotations

from fastapi import APIRouter

from backend.api.routes import (
    eligibility,
    health,
    nlu,
    officer_auth,
    officer_claims,
    officer_pages,
    officer_session_pages,
    officer_ticket_pages,
    officer_tickets,
    rest_channel,
    web_chat,
)

api_router = APIRouter()
api_router.include_router(health.router)
api_router.include_router(rest_channel.router)
api_router.include_router(nlu.router)
api_router.include_router(eligibility.router)
api_router.include_router(officer_auth.router)
api_router.include_router(officer_claims.router)
api_router.include_router(officer_tickets.router)
api_router.include_router(officer_session_pages.router)
api_router.include_router(officer_pages.router)
api_router.include_router(officer_ticket_pages.router)
api_router.include_router(web_chat.router)

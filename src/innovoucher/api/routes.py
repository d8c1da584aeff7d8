"""Attach each app's router to the API. Keep one line per app. The urls (and anything that needs
the whole API, e.g. its OpenAPI schema) import `api` from here; `api.api` is the bare NinjaAPI
with its error handlers, which imports no router."""

from innovoucher.api.api import api
from innovoucher.api.award_quotes import router as award_quotes_router
from innovoucher.api.quotes import router as quotes_router

api.add_router("/quotes", quotes_router)
api.add_router("/award-quotes", award_quotes_router)
api.add_router("/regions", "innovoucher.regions.api.router")
api.add_router("/registry", "innovoucher.registry.api.router")
api.add_router("/ledger", "innovoucher.ledger.api.router")
api.add_router("/providers", "innovoucher.providers.api.router")
api.add_router("/notifications", "innovoucher.notifications.api.router")
api.add_router("/publicity", "innovoucher.redemptions.api_publicity.router")
api.add_router("/redemptions", "innovoucher.redemptions.api.router")
api.add_router("/vouchers", "innovoucher.vouchers.api.router")
api.add_router("/orders", "innovoucher.orders.api.router")
api.add_router("/supervision", "innovoucher.supervision.api.router")
api.add_router("/supervision", "innovoucher.supervision.api_more.router")
api.add_router("/evaluation", "innovoucher.evaluation.api.router")
api.add_router("/stats", "innovoucher.stats.api.router")
api.add_router("/exports", "innovoucher.exports.api.router")

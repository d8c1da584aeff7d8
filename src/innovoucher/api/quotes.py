from ninja import Router

router = Router(tags=["补贴测算 Quotes"])

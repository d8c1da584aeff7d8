from django.http import JsonResponse
from django.views.decorators.http import require_GET


@require_GET
def healthz(request):
    """Liveness for a load balancer and the framework's floor in `make bench`: the whole middleware
    stack, no database query."""
    return JsonResponse({"status": "ok"})

from django.shortcuts import render


def quote_page(request):
    return render(request, "portal/error.html", {"title": "补贴测算", "message": "建设中"})

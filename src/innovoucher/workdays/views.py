from django.shortcuts import render


def calendar_page(request):
    return render(request, "portal/error.html", {"title": "工作日历", "message": "建设中"})

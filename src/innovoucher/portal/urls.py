from django.urls import path

from innovoucher.portal import quote_views, views
from innovoucher.workdays import views as workday_views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("about/", views.about, name="about"),
    path("map/", views.innovation_map, name="map"),
    path("quote/", quote_views.quote_page, name="quote"),
    path("calendar/", workday_views.calendar_page, name="calendar"),
]

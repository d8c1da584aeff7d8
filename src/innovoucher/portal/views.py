from django.shortcuts import render
from django.templatetags.static import static
from django.utils.translation import gettext as _

from innovoucher.core.web import paginate
from innovoucher.notices.selectors import notice_latest
from innovoucher.policies.selectors import policy_family_list
from innovoucher.portal import selectors

MAP_PAGE_SIZE = 20


def home(request):
    return render(
        request,
        "portal/home.html",
        {"families": policy_family_list(), "notices": notice_latest(5)},
    )


def innovation_map(request):
    """创新地图: admitted providers, their instruments and orders per region on an offline map
    of China (province → city → district), with the same figures as a table."""
    q = request.GET.get("q", "").strip()
    scope = selectors.map_scope(request.GET.get("region", ""))
    providers = list(selectors.map_providers(q=q, region=scope))
    areas = selectors.map_areas(providers, scope)
    return render(
        request,
        "portal/map.html",
        {
            "q": q,
            "scope": scope,
            "trail": selectors.map_trail(scope),
            "areas": areas,
            "page_obj": paginate(request, providers, MAP_PAGE_SIZE),
            "totals": {
                "providers": len(providers),
                "instruments": sum(p.n_instruments for p in providers),
                "orders": sum(p.n_orders for p in providers),
            },
            "geo_url": static(f"vendor/chinageo/{scope}.json")
            if scope in selectors.GEO_CODES
            else "",
        },
    )


def about(request):
    return render(request, "portal/about.html")


def render_error(request, status: int, title: str, message: str):
    return render(request, "portal/error.html", {"title": title, "message": message}, status=status)


def error_400(request, exception=None):
    return render_error(request, 400, _("请求有误"), _("请求的内容格式不正确，请检查后重试。"))


def error_403(request, exception=None):
    return render_error(
        request,
        403,
        _("无权访问"),
        _("您的角色或所属地区无权查看此页面。如需访问，请联系本级管理员。"),
    )


def error_404(request, exception=None):
    return render_error(
        request, 404, _("页面不存在"), _("您访问的页面不存在或已被移除，请从导航重新进入。")
    )


def error_500(request):
    return render_error(
        request,
        500,
        _("系统繁忙"),
        _("服务器处理请求时出错，已记录日志。您已保存的数据不会丢失，请稍后重试。"),
    )

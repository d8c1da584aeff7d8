from django.shortcuts import render

from innovoucher.policies.selectors import policy_family_list


def home(request):
    return render(request, "portal/home.html", {"families": policy_family_list()})


def about(request):
    return render(request, "portal/about.html")


def render_error(request, status: int, title: str, message: str):
    return render(request, "portal/error.html", {"title": title, "message": message}, status=status)


def error_400(request, exception=None):
    return render_error(request, 400, "请求有误", "请求的内容格式不正确，请检查后重试。")


def error_403(request, exception=None):
    return render_error(
        request, 403, "无权访问", "您的角色或所属地区无权查看此页面。如需访问，请联系本级管理员。"
    )


def error_404(request, exception=None):
    return render_error(
        request, 404, "页面不存在", "您访问的页面不存在或已被移除，请从导航重新进入。"
    )


def error_500(request):
    return render_error(
        request,
        500,
        "系统繁忙",
        "服务器处理请求时出错，已记录日志。您已保存的数据不会丢失，请稍后重试。",
    )

// Idle timeout warning (no inline script: the CSP forbids it). The page's <body> carries
// data-session-seconds (idle timeout), data-session-warn (warn this many seconds before),
// data-session-extend (POST here to stay signed in) and data-session-login.
// A few minutes before the session ends, a banner offers “继续使用”: it calls the extend URL in
// the background, so whatever was typed in the page stays where it is.
(function () {
  var body = document.body;
  var total = parseInt(body.getAttribute("data-session-seconds"), 10);
  var warn = parseInt(body.getAttribute("data-session-warn"), 10);
  var extendUrl = body.getAttribute("data-session-extend");
  if (!total || !extendUrl) { return; }
  var deadline, warnTimer, endTimer, tick, banner;

  function csrf() {
    var m = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return m ? decodeURIComponent(m[1]) : "";
  }
  function remaining() { return Math.max(0, Math.round((deadline - Date.now()) / 1000)); }
  function label(s) { var m = Math.floor(s / 60); return (m ? m + "分" : "") + (s % 60) + "秒"; }

  function show() {
    if (!banner) {
      banner = document.createElement("div");
      banner.className = "session-warning";
      banner.setAttribute("role", "alertdialog");
      banner.setAttribute("aria-live", "assertive");
      banner.style.cssText = "position:fixed;left:50%;top:12px;transform:translateX(-50%);z-index:1000;" +
        "background:#fff8e6;border:1px solid #e0b050;border-radius:6px;padding:12px 18px;" +
        "box-shadow:0 2px 10px rgba(0,0,0,.15);max-width:90%";
      var text = document.createElement("span");
      text.className = "session-warning-text";
      var button = document.createElement("button");
      button.type = "button";
      button.className = "primary";
      button.style.marginLeft = "12px";
      button.textContent = "继续使用";
      button.addEventListener("click", extend);
      banner.appendChild(text);
      banner.appendChild(button);
      body.appendChild(banner);
    }
    banner.hidden = false;
    var update = function () {
      banner.querySelector(".session-warning-text").textContent =
        "您已较长时间未操作，为保护账户安全，登录将在 " + label(remaining()) +
        " 后自动退出。页面上已填写的内容不会丢失，点击“继续使用”即可保持登录。";
    };
    update();
    clearInterval(tick);
    tick = setInterval(update, 1000);
  }

  function expired() {
    clearInterval(tick);
    if (banner) {
      banner.querySelector(".session-warning-text").textContent =
        "登录已超时，请复制保存已填写的内容后重新登录。";
      banner.querySelector("button").hidden = true;
    }
  }

  function schedule(seconds) {
    deadline = Date.now() + seconds * 1000;
    clearTimeout(warnTimer); clearTimeout(endTimer); clearInterval(tick);
    if (banner) { banner.hidden = true; }
    warnTimer = setTimeout(show, Math.max(0, (seconds - warn) * 1000));
    endTimer = setTimeout(expired, seconds * 1000);
  }

  function extend() {
    fetch(extendUrl, {
      method: "POST", credentials: "same-origin",
      headers: { "X-CSRFToken": csrf(), "X-Requested-With": "XMLHttpRequest" }
    }).then(function (r) { return r.ok ? r.json() : Promise.reject(r); })
      .then(function (data) { schedule(data.seconds || total); })
      .catch(expired);
  }

  // Any htmx request renews the session on the server too.
  document.addEventListener("htmx:afterRequest", function () { schedule(total); });
  schedule(total);
})();

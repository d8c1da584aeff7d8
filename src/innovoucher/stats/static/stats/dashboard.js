// The statistics dashboard: one ECharts chart per section, data from #stats-data (json_script).
document.addEventListener("DOMContentLoaded", function () {
  var node = document.getElementById("stats-data");
  if (!window.echarts || !node) { return; }
  var data = JSON.parse(node.textContent);
  var yuan = function (fen) { return ((fen || 0) / 100).toLocaleString("zh-CN", {minimumFractionDigits: 2, maximumFractionDigits: 2}); };
  var money = {axisLabel: {formatter: function (v) { return "¥" + yuan(v); }}};
  function draw(id, option) {
    var el = document.getElementById(id);
    if (!el) { return; }
    var chart = echarts.init(el);
    chart.setOption(Object.assign({tooltip: {trigger: "axis"}, legend: {top: 0}, grid: {left: 90, right: 24, top: 36, bottom: 60}}, option));
    el.setAttribute("data-rendered", "1");
  }
  function bars(rows, key) { return rows.map(function (r) { return r[key] || 0; }); }
  var f = data.funnel || [];
  draw("chart-funnel", {
    xAxis: {type: "category", data: f.map(function (r) { return r.label; }), axisLabel: {rotate: 30}},
    yAxis: {type: "value", name: "张/件"},
    series: [{name: "发放", type: "bar", data: bars(f, "issued")}, {name: "使用", type: "bar", data: bars(f, "used")},
             {name: "兑付", type: "bar", data: bars(f, "redeemed")}]
  });
  var c = data.category || [];
  draw("chart-category", {
    tooltip: {trigger: "item", valueFormatter: function (v) { return "¥" + yuan(v); }},
    series: [{name: "补助金额", type: "pie", radius: ["30%", "65%"], data: c.map(function (r) { return {name: r.label, value: r.subsidy_fen}; })}]
  });
  var p = data.provider || [];
  draw("chart-provider", {
    tooltip: {trigger: "axis", valueFormatter: function (v) { return "¥" + yuan(v); }},
    xAxis: Object.assign({type: "value"}, money), yAxis: {type: "category", data: p.map(function (r) { return r.label; }), inverse: true},
    grid: {left: 200, right: 24, top: 36, bottom: 30},
    series: [{name: "补助金额", type: "bar", data: bars(p, "subsidy_fen")}]
  });
  var t = data.processing || [];
  draw("chart-processing", {
    xAxis: {type: "category", data: t.map(function (r) { return r.label; })}, yAxis: {type: "value", name: "天"},
    series: [{name: "平均办理（天）", type: "bar", data: t.map(function (r) { return r.avg_days === null ? 0 : Number(r.avg_days); })},
             {name: "平均期限（天）", type: "line", data: t.map(function (r) { return r.deadline_days === null ? null : Number(r.deadline_days); })}]
  });
  var b = data.budget || [];
  draw("chart-budget", {
    tooltip: {trigger: "axis", valueFormatter: function (v) { return "¥" + yuan(v); }},
    xAxis: {type: "time"}, yAxis: Object.assign({type: "value"}, money),
    series: b.map(function (r) { return {name: r.label, type: "line", step: "end", data: r.points}; })
  });
});

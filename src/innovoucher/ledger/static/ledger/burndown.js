// The budget burn-down chart of a budget page (data from the json_script element #burndown-data).
document.addEventListener("DOMContentLoaded", function () {
  var el = document.getElementById("burndown");
  if (!window.echarts || !el) { return; }
  var data = JSON.parse(document.getElementById("burndown-data").textContent);
  var yuan = function (fen) { return (fen / 100).toLocaleString("zh-CN", {minimumFractionDigits: 2, maximumFractionDigits: 2}); };
  var series = [
    {name: "可用额度（到位 − 已使用）", type: "line", step: "end", data: data.dates.map(function (d, i) { return [d, data.remaining[i]]; })},
    {name: "到位资金", type: "line", step: "end", lineStyle: {type: "dotted"}, data: data.dates.map(function (d, i) { return [d, data.budget[i]]; })}
  ];
  if (data.forecast) { series.push({name: "按当前速度预测", type: "line", lineStyle: {type: "dashed"}, data: data.forecast}); }
  echarts.init(el).setOption({
    tooltip: {trigger: "axis", valueFormatter: function (v) { return "¥" + yuan(v); }},
    legend: {top: 0}, grid: {left: 90, right: 24, top: 36, bottom: 40},
    xAxis: {type: "time", min: data.start, max: data.end}, yAxis: {type: "value", axisLabel: {formatter: function (v) { return "¥" + yuan(v); }}},
    series: series
  });
});

// 创新地图: draws the figures of the #map-areas table on the offline GeoJSON of the current
// region (vendor/chinageo/<code>.json). The table stays the accessible source of the data.
(function () {
  function ready(fn) {
    if (document.readyState !== "loading") { fn(); } else { document.addEventListener("DOMContentLoaded", fn); }
  }
  ready(function () {
    var el = document.getElementById("innovation-map");
    if (!el || !window.echarts || !window.fetch) { return; }
    var rows = document.querySelectorAll("#map-areas tr[data-code]");
    var byCode = {};
    var max = 1;
    rows.forEach(function (tr) {
      var d = tr.dataset;
      byCode[d.code] = { providers: +d.providers, instruments: +d.instruments, orders: +d.orders, drill: d.drill === "1" };
      max = Math.max(max, +d.providers);
    });
    fetch(el.dataset.geo).then(function (r) { return r.json(); }).then(function (geo) {
      var nameOf = {}, codeOf = {};
      geo.features.forEach(function (f) { nameOf[String(f.id)] = f.properties.name; codeOf[f.properties.name] = String(f.id); });
      echarts.registerMap(el.dataset.scope, geo);
      var data = geo.features.map(function (f) {
        var v = byCode[String(f.id)] || { providers: 0, instruments: 0, orders: 0 };
        return { name: f.properties.name, value: v.providers, code: String(f.id), instruments: v.instruments, orders: v.orders };
      });
      var chart = echarts.init(el);
      chart.setOption({
        aria: { enabled: true },
        tooltip: {
          trigger: "item",
          formatter: function (p) {
            var d = p.data || {};
            return p.name + "<br>" + el.dataset.labelProviders + ": " + (d.value || 0) +
              "<br>" + el.dataset.labelInstruments + ": " + (d.instruments || 0) +
              "<br>" + el.dataset.labelOrders + ": " + (d.orders || 0);
          }
        },
        visualMap: { min: 0, max: max, left: "left", bottom: 10, calculable: false, inRange: { color: ["#eef3fa", "#1f4e8c"] }, text: ["", "0"] },
        series: [{ type: "map", map: el.dataset.scope, name: el.dataset.seriesName, roam: true, data: data,
                   emphasis: { label: { show: true } }, label: { show: false } }]
      });
      chart.on("click", function (p) {
        var code = codeOf[p.name];
        if (code && byCode[code] && byCode[code].drill) {
          var q = el.dataset.q ? "&q=" + encodeURIComponent(el.dataset.q) : "";
          window.location.search = "?region=" + code + q;
        }
      });
      el.setAttribute("data-ready", "1");
      window.addEventListener("resize", function () { chart.resize(); });
    });
  });
})();

const fs = require('fs');
const out = process.argv[3];
global.echarts = { registerMap(name, json) { fs.writeFileSync(out, JSON.stringify({name, json})); } };
const src = fs.readFileSync(process.argv[2], 'utf8');
(new Function('define', 'exports', 'require', 'echarts', src)).call(global, undefined, undefined, undefined, global.echarts);

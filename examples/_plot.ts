// A small line plot drawn into an RGB pixel buffer: frame, grid, tick labels, title and an
// anti-aliased curve. Only what the sine-wave example needs; the PNG encoding is fast-png's.

/** An RGB image: `data` holds width × height × 3 bytes, row by row. */
export interface Image {
  width: number;
  height: number;
  data: Uint8Array;
}

/** What to draw. */
export interface PlotSpec {
  x: number[];
  y: number[];
  title?: string;
  xlabel?: string;
  ylabel?: string;
  width?: number;
  height?: number;
}

type RGB = [number, number, number];
const BLACK: RGB = [0, 0, 0];
const GRID: RGB = [222, 222, 222];
const CURVE: RGB = [31, 119, 180];

/** Draws `spec.y` against `spec.x` as a line plot. */
export function plotLine(spec: PlotSpec): Image {
  const width = spec.width ?? 800;
  const height = spec.height ?? 400;
  const img: Image = { width, height, data: new Uint8Array(width * height * 3).fill(255) };
  const box = { left: 100, right: width - 24, top: 44, bottom: height - 56 };
  const [x0, x1] = extent(spec.x);
  const [yLo, yHi] = extent(spec.y);
  const pad = (yHi - yLo) * 0.05 || 0.5;
  const [y0, y1] = [yLo - pad, yHi + pad];
  const px = (x: number) => box.left + ((x - x0) / (x1 - x0 || 1)) * (box.right - box.left);
  const py = (y: number) => box.bottom - ((y - y0) / (y1 - y0)) * (box.bottom - box.top);

  const xTicks = ticks(x0, x1);
  for (const t of xTicks.values) {
    const X = Math.round(px(t));
    fillRect(img, X, box.top, 1, box.bottom - box.top, GRID);
    fillRect(img, X, box.bottom, 1, 6, BLACK);
    const label = t.toFixed(xTicks.decimals);
    drawText(img, label, X - textWidth(label, 2) / 2, box.bottom + 12, 2, BLACK);
  }
  const yTicks = ticks(y0, y1);
  for (const t of yTicks.values) {
    const Y = Math.round(py(t));
    fillRect(img, box.left, Y, box.right - box.left, 1, GRID);
    fillRect(img, box.left - 6, Y, 6, 1, BLACK);
    const label = t.toFixed(yTicks.decimals);
    drawText(img, label, box.left - 12 - textWidth(label, 2), Y - 7, 2, BLACK);
  }
  // The frame.
  fillRect(img, box.left, box.top, box.right - box.left + 1, 1, BLACK);
  fillRect(img, box.left, box.bottom, box.right - box.left + 1, 1, BLACK);
  fillRect(img, box.left, box.top, 1, box.bottom - box.top, BLACK);
  fillRect(img, box.right, box.top, 1, box.bottom - box.top, BLACK);

  const points = spec.x.map((x, i) => [px(x), py(spec.y[i])] as const);
  drawPolyline(img, points, 2.5, CURVE, box);

  if (spec.title) {
    drawText(img, spec.title, (width - textWidth(spec.title, 3)) / 2, 10, 3, BLACK);
  }
  if (spec.xlabel) {
    const w = textWidth(spec.xlabel, 2);
    drawText(img, spec.xlabel, (box.left + box.right - w) / 2, height - 22, 2, BLACK);
  }
  if (spec.ylabel) {
    const w = textWidth(spec.ylabel, 2);
    drawTextUp(img, spec.ylabel, 8, (box.top + box.bottom + w) / 2, 2, BLACK);
  }
  return img;
}

function extent(values: number[]): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (Number.isFinite(v)) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
  }
  return lo <= hi ? [lo, hi] : [0, 1];
}

/** Round tick positions (steps of 1, 2 or 5 × 10ⁿ), about six across the range. */
function ticks(lo: number, hi: number): { values: number[]; decimals: number } {
  const span = hi - lo;
  if (!(span > 0)) return { values: [lo], decimals: 2 };
  const raw = span / 6;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const out: number[] = [];
  for (let t = Math.ceil(lo / step) * step; t <= hi + step * 1e-9; t += step) {
    out.push(Math.abs(t) < step * 1e-9 ? 0 : t);
  }
  return { values: out, decimals: Math.max(0, Math.min(6, -Math.floor(Math.log10(step) + 1e-9))) };
}

function fillRect(img: Image, x: number, y: number, w: number, h: number, c: RGB): void {
  for (let j = Math.max(0, y); j < Math.min(img.height, y + h); j++) {
    for (let i = Math.max(0, x); i < Math.min(img.width, x + w); i++) {
      img.data.set(c, (j * img.width + i) * 3);
    }
  }
}

function blend(img: Image, x: number, y: number, c: RGB, alpha: number): void {
  const at = (y * img.width + x) * 3;
  for (let k = 0; k < 3; k++) {
    img.data[at + k] = Math.round(img.data[at + k] * (1 - alpha) + c[k] * alpha);
  }
}

/**
 * Draws connected segments `lineWidth` wide, anti-aliased by each pixel's distance to the line;
 * coverage is the maximum over segments, so joints are not drawn twice. Clipped to `clip`.
 */
function drawPolyline(
  img: Image,
  points: (readonly [number, number])[],
  lineWidth: number,
  c: RGB,
  clip: { left: number; right: number; top: number; bottom: number },
): void {
  const coverage = new Float32Array(img.width * img.height);
  const r = lineWidth / 2;
  for (let s = 0; s + 1 < points.length; s++) {
    const [ax, ay] = points[s];
    const [bx, by] = points[s + 1];
    if (![ax, ay, bx, by].every(Number.isFinite)) continue;
    const minX = Math.max(clip.left + 1, Math.floor(Math.min(ax, bx) - r - 1));
    const maxX = Math.min(clip.right - 1, Math.ceil(Math.max(ax, bx) + r + 1));
    const minY = Math.max(clip.top + 1, Math.floor(Math.min(ay, by) - r - 1));
    const maxY = Math.min(clip.bottom - 1, Math.ceil(Math.max(ay, by) + r + 1));
    const dx = bx - ax;
    const dy = by - ay;
    const len2 = dx * dx + dy * dy || 1;
    for (let y = minY; y <= maxY; y++) {
      for (let x = minX; x <= maxX; x++) {
        const cx = x + 0.5 - ax;
        const cy = y + 0.5 - ay;
        const t = Math.max(0, Math.min(1, (cx * dx + cy * dy) / len2));
        const d = Math.hypot(cx - t * dx, cy - t * dy);
        const a = Math.max(0, Math.min(1, r + 0.5 - d));
        const at = y * img.width + x;
        if (a > coverage[at]) coverage[at] = a;
      }
    }
  }
  for (let at = 0; at < coverage.length; at++) {
    if (coverage[at] > 0) blend(img, at % img.width, Math.floor(at / img.width), c, coverage[at]);
  }
}

// A 5×7 bitmap font with the characters tick labels and titles need.
const FONT: Record<string, string> = {
  "0": "01110100011001110101110011000101110",
  "1": "00100011000010000100001000010001110",
  "2": "01110100010000100010001000100011111",
  "3": "11111000100010000010000011000101110",
  "4": "00010001100101010010111110001000010",
  "5": "11111100001111000001000011000101110",
  "6": "00110010001000011110100011000101110",
  "7": "11111000010001000100010000100001000",
  "8": "01110100011000101110100011000101110",
  "9": "01110100011000101111000010001001100",
  "-": "00000000000000011111000000000000000",
  ".": "00000000000000000000000000110001100",
  " ": "00000000000000000000000000000000000",
  "(": "00010001000100001000010000010000010",
  ")": "01000001000001000010000100010001000",
  a: "00000000000111000001011111000101111",
  e: "00000000000111010001111111000001110",
  i: "00100000000110000100001000010001110",
  n: "00000000001011011001100011000110001",
  s: "00000000000111010000011100000111110",
  v: "00000000001000110001100010101000100",
  x: "00000000001000101010001000101010001",
  S: "01111100001000001110000010000111110",
  W: "10001100011000110101101011010101010",
};

function textWidth(text: string, scale: number): number {
  return text.length * 6 * scale - scale;
}

function drawGlyphs(
  img: Image,
  text: string,
  scale: number,
  c: RGB,
  place: (col: number, row: number) => [number, number],
): void {
  [...text].forEach((ch, n) => {
    const bits = FONT[ch] ?? FONT[" "];
    for (let row = 0; row < 7; row++) {
      for (let col = 0; col < 5; col++) {
        if (bits[row * 5 + col] !== "1") continue;
        const [x, y] = place((n * 6 + col) * scale, row * scale);
        fillRect(img, Math.round(x), Math.round(y), scale, scale, c);
      }
    }
  });
}

function drawText(img: Image, text: string, x: number, y: number, scale: number, c: RGB): void {
  drawGlyphs(img, text, scale, c, (col, row) => [x + col, y + row]);
}

// Text rotated a quarter turn anticlockwise, reading upwards from (x, y).
function drawTextUp(img: Image, text: string, x: number, y: number, scale: number, c: RGB): void {
  drawGlyphs(img, text, scale, c, (col, row) => [x + row, y - col - scale]);
}

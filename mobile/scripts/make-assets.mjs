// Draws the app icon, Android adaptive-icon foreground, splash image and web favicon as PNGs,
// so the artwork lives in the repo as code (no design tool, no binary blobs to keep in sync).
// Run `npm run assets` after changing a colour or the mark; the PNGs are committed.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { deflateSync } from "node:zlib";

export const BRAND = { background: [11, 18, 32], mark: [34, 197, 94], accent: [250, 204, 21] };

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

/** Encodes an RGBA pixel function as a PNG (8-bit RGBA, no filter). */
export function encodePng(width, height, pixel) {
  const raw = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y++) {
    const row = y * (width * 4 + 1);
    for (let x = 0; x < width; x++) raw.set(pixel(x, y), row + 1 + x * 4);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 6, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(raw, { level: 9 })),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

// Distance from point p to segment a–b, all in unit coordinates.
function segmentDistance(px, py, ax, ay, bx, by) {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

/** The mark: a green "V" whose right stroke rises past the top like a chart, with a gold dot. */
function markAt(u, v) {
  const stroke = 0.075;
  const left = segmentDistance(u, v, 0.24, 0.3, 0.46, 0.74);
  const right = segmentDistance(u, v, 0.46, 0.74, 0.74, 0.22);
  if (Math.hypot(u - 0.78, v - 0.17) < 0.07) return "accent";
  return Math.min(left, right) < stroke ? "mark" : null;
}

function image(width, height, { transparent = false, markScale = 1 } = {}) {
  const size = Math.min(width, height) * markScale;
  const ox = (width - size) / 2;
  const oy = (height - size) / 2;
  return encodePng(width, height, (x, y) => {
    const part = markAt((x - ox) / size, (y - oy) / size);
    if (part) return [...BRAND[part], 255];
    return transparent ? [0, 0, 0, 0] : [...BRAND.background, 255];
  });
}

export const ASSETS = {
  "icon.png": () => image(1024, 1024),
  "adaptive-icon.png": () => image(1024, 1024, { transparent: true, markScale: 0.62 }),
  "splash-icon.png": () => image(512, 512, { transparent: true }),
  "favicon.png": () => image(48, 48),
};

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const out = join(dirname(fileURLToPath(import.meta.url)), "..", "assets");
  mkdirSync(out, { recursive: true });
  for (const [name, draw] of Object.entries(ASSETS)) {
    writeFileSync(join(out, name), draw());
    console.log(`assets/${name}`);
  }
}

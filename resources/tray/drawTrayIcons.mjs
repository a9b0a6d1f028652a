// Draws the tray icons once: `node resources/tray/drawTrayIcons.mjs`. The PNGs it writes beside
// it are committed as source assets (the app never draws icons at run time); run it again only
// to change their look. Plain Node (zlib for PNG's deflate), so it needs nothing installed.
//
// tray.png: a speech bubble; tray-1.png … tray-9.png and tray-9plus.png: the bubble with a red
// badge holding the unread count. Each comes at 16 px and 32 px (`@2x`, picked by Electron on
// high-DPI screens).
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { deflateSync } from 'node:zlib';

const here = path.dirname(new URL(import.meta.url).pathname);

// 3×5 digits and a plus, one string per row.
const GLYPHS = {
  0: ['###', '#.#', '#.#', '#.#', '###'],
  1: ['.#.', '##.', '.#.', '.#.', '###'],
  2: ['###', '..#', '###', '#..', '###'],
  3: ['###', '..#', '.##', '..#', '###'],
  4: ['#.#', '#.#', '###', '..#', '..#'],
  5: ['###', '#..', '###', '..#', '###'],
  6: ['###', '#..', '###', '#.#', '###'],
  7: ['###', '..#', '.#.', '.#.', '.#.'],
  8: ['###', '#.#', '###', '#.#', '###'],
  9: ['###', '#.#', '###', '..#', '###'],
  '+': ['...', '.#.', '###', '.#.', '...'],
};

const BUBBLE = [0x3b, 0x82, 0xf6];
const BADGE = [0xdc, 0x26, 0x26];
const WHITE = [0xff, 0xff, 0xff];

function crc32(bytes) {
  let crc = ~0;
  for (const byte of bytes) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return ~crc >>> 0;
}

function chunk(type, data) {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

function png(size, rgba) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // RGBA
  const rows = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) rgba.copy(rows, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Paints `color` over the pixel with coverage `alpha` (0..1). */
function blend(image, size, x, y, color, alpha) {
  if (x < 0 || y < 0 || x >= size || y >= size || alpha <= 0) return;
  const i = (y * size + x) * 4;
  const a0 = image[i + 3] / 255;
  const a = alpha + a0 * (1 - alpha);
  for (let c = 0; c < 3; c++) image[i + c] = Math.round((color[c] * alpha + image[i + c] * a0 * (1 - alpha)) / a);
  image[i + 3] = Math.round(a * 255);
}

/** Fills the shape `inside(x, y)` with 4×4 supersampling, so edges are smooth. */
function fill(image, size, color, inside) {
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let hits = 0;
      for (let sy = 0; sy < 4; sy++)
        for (let sx = 0; sx < 4; sx++) if (inside(x + (sx + 0.5) / 4, y + (sy + 0.5) / 4)) hits++;
      blend(image, size, x, y, color, hits / 16);
    }
  }
}

function draw(size, label) {
  const image = Buffer.alloc(size * size * 4);
  const u = size / 16;
  // The bubble: a round body with a tail at the lower left.
  fill(image, size, BUBBLE, (x, y) => {
    const body = (x - 7.5 * u) ** 2 / (6.5 * u) ** 2 + (y - 7 * u) ** 2 / (5.5 * u) ** 2 <= 1;
    const tail = y >= 10 * u && y <= 15 * u && x >= 2 * u && x <= 6 * u && x - 2 * u <= (15 * u - y) * 0.8;
    return body || tail;
  });
  if (label === null) return image;
  const glyphs = [...label].map((ch) => GLYPHS[ch]);
  const scale = size >= 32 ? 2 : 1;
  const textWidth = (glyphs.length * 4 - 1) * scale;
  const radius = Math.max(5.5 * u, textWidth / 2 + 1.5 * u);
  const cx = size - radius;
  const cy = radius;
  fill(image, size, BADGE, (x, y) => (x - cx) ** 2 + (y - cy) ** 2 <= radius ** 2);
  let left = Math.round(cx - textWidth / 2);
  const top = Math.round(cy - (5 * scale) / 2);
  for (const glyph of glyphs) {
    glyph.forEach((row, gy) =>
      [...row].forEach((cell, gx) => {
        if (cell !== '#') return;
        for (let dy = 0; dy < scale; dy++)
          for (let dx = 0; dx < scale; dx++)
            blend(image, size, left + gx * scale + dx, top + gy * scale + dy, WHITE, 1);
      }),
    );
    left += 4 * scale;
  }
  return image;
}

const variants = [
  ['tray', null],
  ...[1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) => [`tray-${n}`, String(n)]),
  ['tray-9plus', '9+'],
];
for (const [name, label] of variants) {
  writeFileSync(path.join(here, `${name}.png`), png(16, draw(16, label)));
  writeFileSync(path.join(here, `${name}@2x.png`), png(32, draw(32, label)));
}
console.log(`wrote ${variants.length * 2} icons to ${here}`);

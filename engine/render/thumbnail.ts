/**
 * A small shaded picture of a mesh, drawn on the CPU so it runs in the Worker
 * (no canvas, no GPU) as well as in Node and the browser: orthographic view from
 * above-front-right, a depth buffer, two-sided Lambert shading (customer meshes
 * are not always oriented) and 2× supersampling for smooth edges. Translucent
 * materials (glass) are blended over the opaque picture without hiding it.
 */

export type Rgba = readonly [number, number, number, number];

export interface ThumbnailMesh {
  /** x, y, z per vertex, mm. */
  positions: ArrayLike<number>;
  /** Three vertex ids per triangle; omitted for a triangle soup (three vertices per triangle). */
  indices?: ArrayLike<number>;
  /** Linear RGBA, 0–1; alpha below 1 is blended. */
  color: Rgba;
  /** Per-triangle flags; a triangle with any bit of `highlight` set is drawn in the highlight colour. */
  flags?: ArrayLike<number>;
}

export interface ThumbnailOptions {
  /** Width and height of the picture in pixels. */
  size?: number;
  /** The model's up axis: printed parts stand on Z, products (glTF convention) on Y. */
  up?: "y" | "z";
  /** `iso`: from above-front-right (the default); `top`: straight down the up axis, for flat parts. */
  view?: "iso" | "top";
  highlight?: number;
  highlightColor?: Rgba;
}

export interface Picture {
  width: number;
  height: number;
  /** RGBA, 8 bits per channel, transparent where nothing was drawn. */
  data: Uint8Array;
}

const SUPERSAMPLE = 2;
const MARGIN = 0.06;

type Vec3 = [number, number, number];
const cross = (a: Vec3, b: Vec3): Vec3 => [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
const normalize = (a: Vec3): Vec3 => {
  const l = Math.hypot(a[0], a[1], a[2]);
  return [a[0] / l, a[1] / l, a[2] / l];
};

/** Screen axes: right, up, and towards the viewer; and the light, in world coordinates. */
function camera(up: "y" | "z", view: "iso" | "top") {
  const worldUp: Vec3 = up === "z" ? [0, 0, 1] : [0, 1, 0];
  if (view === "top") {
    // Looking down the up axis: x to the right, the remaining axis up the screen.
    const right: Vec3 = [1, 0, 0];
    const screenUp: Vec3 = up === "z" ? [0, 1, 0] : [0, 0, -1];
    return { right, screenUp, toViewer: worldUp, light: normalize([worldUp[0] - 0.4, worldUp[1], worldUp[2]]) };
  }
  const toViewer = normalize(up === "z" ? [1, -1, 0.9] : [0.55, 0.45, 1]);
  const right = normalize(cross(worldUp, toViewer));
  const screenUp = cross(toViewer, right);
  const light = normalize([
    toViewer[0] - 0.4 * right[0] + 0.6 * worldUp[0],
    toViewer[1] - 0.4 * right[1] + 0.6 * worldUp[1],
    toViewer[2] - 0.4 * right[2] + 0.6 * worldUp[2],
  ]);
  return { right, screenUp, toViewer, light };
}

const vertexCount = (m: ThumbnailMesh) => Math.floor(m.positions.length / 3);
const triangleCount = (m: ThumbnailMesh) => (m.indices ? Math.floor(m.indices.length / 3) : Math.floor(vertexCount(m) / 3));

export function renderThumbnail(meshes: readonly ThumbnailMesh[], options: ThumbnailOptions = {}): Picture {
  const size = options.size ?? 256;
  const n = size * SUPERSAMPLE;
  const { right, screenUp, toViewer, light } = camera(options.up ?? "z", options.view ?? "iso");
  const highlight = options.highlight ?? 0;
  const highlightColor = options.highlightColor ?? [0.85, 0.12, 0.1, 1];

  // Frame the picture on the projected extent. Vertices are projected again per
  // triangle rather than stored: the Worker draws meshes of millions of
  // triangles straight from the kernel's memory and has no room for a copy.
  let minX = Infinity,
    minY = Infinity,
    maxX = -Infinity,
    maxY = -Infinity;
  for (const m of meshes) {
    const p = m.positions,
      count = vertexCount(m);
    for (let v = 0; v < count; v++) {
      const x = p[3 * v],
        y = p[3 * v + 1],
        z = p[3 * v + 2];
      const sx = x * right[0] + y * right[1] + z * right[2],
        sy = x * screenUp[0] + y * screenUp[1] + z * screenUp[2];
      if (sx < minX) minX = sx;
      if (sx > maxX) maxX = sx;
      if (sy < minY) minY = sy;
      if (sy > maxY) maxY = sy;
    }
  }
  const data = new Uint8Array(size * size * 4);
  if (!(maxX >= minX && maxY >= minY)) return { width: size, height: size, data };
  const scale = (n * (1 - 2 * MARGIN)) / Math.max(maxX - minX, maxY - minY, 1e-9);
  const offX = n / 2 - ((minX + maxX) / 2) * scale;
  const offY = n / 2 + ((minY + maxY) / 2) * scale;
  // Pixel axes (screen y grows downwards) and depth (larger is nearer) as linear forms of world x, y, z.
  const px = right.map((r) => r * scale),
    py = screenUp.map((u) => -u * scale);

  const depth = new Float32Array(n * n).fill(-Infinity);
  const colour = new Float32Array(n * n * 3);
  const covered = new Uint8Array(n * n);
  const order = meshes.map((_, i) => i).sort((a, b) => Number(meshes[a].color[3] < 1) - Number(meshes[b].color[3] < 1));
  for (const mi of order) {
    const mesh = meshes[mi],
      p = mesh.positions,
      idx = mesh.indices,
      flags = mesh.flags;
    const translucent = mesh.color[3] < 1;
    const tris = triangleCount(mesh);
    for (let t = 0; t < tris; t++) {
      const a = idx ? idx[3 * t] : 3 * t,
        b = idx ? idx[3 * t + 1] : 3 * t + 1,
        c = idx ? idx[3 * t + 2] : 3 * t + 2;
      const a0 = p[3 * a],
        a1 = p[3 * a + 1],
        a2 = p[3 * a + 2];
      const b0 = p[3 * b],
        b1 = p[3 * b + 1],
        b2 = p[3 * b + 2];
      const c0 = p[3 * c],
        c1 = p[3 * c + 1],
        c2 = p[3 * c + 2];
      const ax = a0 * px[0] + a1 * px[1] + a2 * px[2] + offX,
        ay = a0 * py[0] + a1 * py[1] + a2 * py[2] + offY;
      const bx = b0 * px[0] + b1 * px[1] + b2 * px[2] + offX,
        by = b0 * py[0] + b1 * py[1] + b2 * py[2] + offY;
      const cx = c0 * px[0] + c1 * px[1] + c2 * px[2] + offX,
        cy = c0 * py[0] + c1 * py[1] + c2 * py[2] + offY;
      const area = (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);
      if (area === 0 || !Number.isFinite(area)) continue;
      const x0 = Math.max(0, Math.floor(Math.min(ax, bx, cx))),
        x1 = Math.min(n - 1, Math.ceil(Math.max(ax, bx, cx)));
      const y0 = Math.max(0, Math.floor(Math.min(ay, by, cy))),
        y1 = Math.min(n - 1, Math.ceil(Math.max(ay, by, cy)));
      if (x0 > x1 || y0 > y1) continue;
      // Two-sided Lambert shade of the face normal in world coordinates.
      const ux = b0 - a0,
        uy = b1 - a1,
        uz = b2 - a2;
      const vx = c0 - a0,
        vy = c1 - a1,
        vz = c2 - a2;
      const nx = uy * vz - uz * vy,
        ny = uz * vx - ux * vz,
        nz = ux * vy - uy * vx;
      const nl = Math.hypot(nx, ny, nz) || 1;
      const shade = 0.3 + 0.7 * Math.abs((nx * light[0] + ny * light[1] + nz * light[2]) / nl);
      const base = flags && highlight && flags[t] & highlight ? highlightColor : mesh.color;
      const r = base[0] * shade,
        g = base[1] * shade,
        bl = base[2] * shade,
        alpha = base[3];
      const az = a0 * toViewer[0] + a1 * toViewer[1] + a2 * toViewer[2];
      const bz = b0 * toViewer[0] + b1 * toViewer[1] + b2 * toViewer[2];
      const cz = c0 * toViewer[0] + c1 * toViewer[1] + c2 * toViewer[2];
      const inv = 1 / area;
      for (let y = y0; y <= y1; y++) {
        const py = y + 0.5;
        for (let x = x0; x <= x1; x++) {
          const px = x + 0.5;
          // Barycentric weights from edge functions; the sign of `area` orients them.
          const w0 = ((bx - px) * (cy - py) - (by - py) * (cx - px)) * inv;
          const w1 = ((cx - px) * (ay - py) - (cy - py) * (ax - px)) * inv;
          const w2 = 1 - w0 - w1;
          if (w0 < 0 || w1 < 0 || w2 < 0) continue;
          const z = w0 * az + w1 * bz + w2 * cz;
          const at = y * n + x;
          if (z <= depth[at]) continue;
          if (translucent && covered[at]) {
            colour[3 * at] = colour[3 * at] * (1 - alpha) + r * alpha;
            colour[3 * at + 1] = colour[3 * at + 1] * (1 - alpha) + g * alpha;
            colour[3 * at + 2] = colour[3 * at + 2] * (1 - alpha) + bl * alpha;
          } else {
            if (!translucent) depth[at] = z;
            colour[3 * at] = r;
            colour[3 * at + 1] = g;
            colour[3 * at + 2] = bl;
            covered[at] = 1;
          }
        }
      }
    }
  }
  return downsample(colour, covered, size);
}

const toByte = (linear: number) => Math.round(255 * Math.min(1, Math.max(0, linear)) ** (1 / 2.2));

/** Averages each SUPERSAMPLE² block; alpha is the covered share of the block. */
function downsample(colour: Float32Array, covered: Uint8Array, size: number): Picture {
  const n = size * SUPERSAMPLE;
  const data = new Uint8Array(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let r = 0,
        g = 0,
        b = 0,
        hits = 0;
      for (let dy = 0; dy < SUPERSAMPLE; dy++) {
        for (let dx = 0; dx < SUPERSAMPLE; dx++) {
          const at = (y * SUPERSAMPLE + dy) * n + x * SUPERSAMPLE + dx;
          if (!covered[at]) continue;
          r += colour[3 * at];
          g += colour[3 * at + 1];
          b += colour[3 * at + 2];
          hits++;
        }
      }
      if (!hits) continue;
      const o = 4 * (y * size + x);
      data[o] = toByte(r / hits);
      data[o + 1] = toByte(g / hits);
      data[o + 2] = toByte(b / hits);
      data[o + 3] = Math.round((255 * hits) / (SUPERSAMPLE * SUPERSAMPLE));
    }
  }
  return { width: size, height: size, data };
}

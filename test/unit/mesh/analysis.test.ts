import { describe, expect, it } from "vitest";
import { analyzeMesh, FaceFlag, type MeshResult } from "../../../engine/mesh/index.ts";
import { binaryStl, box, cube, cylinder, invert, newKernel, rotateZ, sphere, torus, translate, type Tri } from "./solids.ts";

const kernel = newKernel();
const analyse = (tris: Tri[], options: { overhangAngleDeg?: number } = {}): Promise<MeshResult> => analyzeMesh(binaryStl(tris), { kernel, ...options });
const flagged = (flags: Uint8Array, bit: number) => flags.filter((f) => f & bit).length;

describe("solids with exact answers", () => {
  it("a cube", async () => {
    const { analysis: a, faceFlags } = await analyse(cube(10));
    expect(a).toMatchObject({
      triangle_count: 12,
      volume_mm3: 1000,
      surface_area_mm2: 600,
      bbox_mm: { min: [0, 0, 0], max: [10, 10, 10], size: [10, 10, 10] },
      height_mm: 10,
      projected_area_mm2: 100,
      bottom_area_mm2: 100,
      overhang_area_mm2: 0,
      vertex_count: 8,
      edge_count: 18,
      watertight: true,
      consistent_orientation: true,
      open_edges: 0,
      non_manifold_edges: 0,
      degenerate_faces: 0,
      shells: 1,
      shell_volumes_mm3: [1000],
      inverted_shells: 0,
    });
    expect(a.obb_mm.volume_mm3).toBe(1000);
    expect(faceFlags).toEqual(new Uint8Array(12));
  });

  it("a cube with a cubic cavity: two shells, the inner one negative and not counted inverted", async () => {
    const { analysis: a, faceFlags } = await analyse([...cube(10), ...invert(cube(4, [3, 3, 3]))]);
    expect(a.shells).toBe(2);
    expect(a.shell_volumes_mm3).toEqual([1000, -64]);
    expect(a.volume_mm3).toBe(936);
    expect(a.surface_area_mm2).toBe(696);
    expect(a.inverted_shells).toBe(0);
    expect(a.watertight).toBe(true);
    expect(a.consistent_orientation).toBe(true);
    expect(flagged(faceFlags, FaceFlag.INVERTED)).toBe(0);
    // The cavity's ceiling faces down: a 4 × 4 overhang inside the part.
    expect(a.overhang_area_mm2).toBe(16);
  });

  it("an inverted cube: negative volume, one inverted shell, every face flagged", async () => {
    const { analysis: a, faceFlags } = await analyse(invert(cube(10)));
    expect(a.volume_mm3).toBe(-1000);
    expect(a.shell_volumes_mm3).toEqual([-1000]);
    expect(a.inverted_shells).toBe(1);
    expect(a.consistent_orientation).toBe(true);
    expect(flagged(faceFlags, FaceFlag.INVERTED)).toBe(12);
  });

  it("two separate cubes, one inside out, one inside the other's bounding box but not its material", async () => {
    // A hollow box (cavity 2..8) and, inside the cavity, a small inverted cube: it sits in air, so it is inverted.
    const tris = [...cube(10), ...invert(cube(6, [2, 2, 2])), ...invert(cube(2, [4, 4, 4]))];
    const { analysis: a } = await analyse(tris);
    expect(a.shells).toBe(3);
    expect(a.inverted_shells).toBe(1);
    expect(a.shell_volumes_mm3).toEqual([1000, -216, -8]);
  });

  it("an open box: not watertight, four open edges on the rim", async () => {
    const tris = cube(10).filter((_, i) => i !== 2 && i !== 3); // drop the top face
    const { analysis: a, faceFlags } = await analyse(tris);
    expect(a.watertight).toBe(false);
    expect(a.open_edges).toBe(4);
    expect(a.edge_count).toBe(17);
    expect(flagged(faceFlags, FaceFlag.OPEN_EDGE)).toBe(4);
    expect(a.shells).toBe(1);
  });

  it("a duplicated face makes its three edges non-manifold", async () => {
    const tris = cube(10);
    const { analysis: a, faceFlags } = await analyse([...tris, tris[5]]);
    expect(a.non_manifold_edges).toBe(3);
    expect(a.watertight).toBe(false);
    expect(flagged(faceFlags, FaceFlag.NON_MANIFOLD)).toBeGreaterThanOrEqual(4);
  });

  it("two cubes sharing one edge: one non-manifold edge, one shell", async () => {
    const { analysis: a } = await analyse([...cube(10), ...cube(10, [10, 10, 0])]);
    expect(a.non_manifold_edges).toBe(1);
    expect(a.shells).toBe(1);
    expect(a.volume_mm3).toBe(2000);
  });

  it("misoriented faces are found", async () => {
    const tris = cube(10);
    tris[4] = invert([tris[4]])[0];
    const { analysis: a } = await analyse(tris);
    expect(a.consistent_orientation).toBe(false);
    expect(a.watertight).toBe(true);
  });

  it("degenerate faces: collinear and collapsed", async () => {
    const tris = [...cube(10), [0, 0, 0, 5, 0, 0, 10, 0, 0], [1, 1, 1, 1, 1, 1, 2, 2, 2]];
    const { analysis: a, faceFlags } = await analyse(tris);
    expect(a.degenerate_faces).toBe(2);
    expect(flagged(faceFlags, FaceFlag.DEGENERATE)).toBe(2);
    expect(a.volume_mm3).toBe(1000);
  });

  it("a torus is one watertight shell of genus one (V − E + F = 0)", async () => {
    const { analysis: a } = await analyse(torus(20, 5, 48, 24));
    expect(a.watertight).toBe(true);
    expect(a.shells).toBe(1);
    expect(a.vertex_count - a.edge_count + a.triangle_count).toBe(0);
    // Volume 2π²Rr² within the tessellation error of a 48 × 24 grid.
    expect(a.volume_mm3 / (2 * Math.PI ** 2 * 20 * 25)).toBeCloseTo(1, 1);
  });
});

describe("the tolerance weld folds only vertices on open edges", () => {
  // cube(10)'s top face is triangles 2 and 3: (A, B, C) and (A, C, D), C = (10, 10, 10).
  const [A, B, C, D] = [
    [0, 0, 10],
    [10, 0, 10],
    [10, 10, 10],
    [0, 10, 10],
  ];
  const tol = 1e-6 * Math.hypot(10, 10, 10);
  /** A closed cube whose top is a fan around a vertex within the tolerance of corner C. */
  const sliver = (): Tri[] => {
    const P = [10 - tol / 4, 10 - tol / 4, 10];
    return [...cube(10).filter((_, i) => i !== 2 && i !== 3), [...A, ...B, ...P], [...B, ...C, ...P], [...C, ...D, ...P], [...D, ...A, ...P]];
  };
  /** A cube whose top face meets the sides at C' ≠ C, closer than the tolerance: a crack. */
  const cracked = (): Tri[] => {
    const tris = cube(10);
    const C2 = [10 + tol / 4, 10, 10];
    tris[2] = [...A, ...B, ...C2];
    tris[3] = [...A, ...C2, ...D];
    return tris;
  };

  it("near-coincident vertices of a closed surface stay apart", async () => {
    const { analysis: a } = await analyse(sliver());
    expect(a).toMatchObject({ vertex_count: 9, edge_count: 21, degenerate_faces: 0, watertight: true, shells: 1 });
  });

  it("a crack is closed, while a closed part's near pair in the same mesh stays apart", async () => {
    const { analysis: a, faceFlags } = await analyse(cracked());
    expect(a).toMatchObject({ vertex_count: 8, edge_count: 18, open_edges: 0, watertight: true, consistent_orientation: true, shells: 1 });
    expect(flagged(faceFlags, FaceFlag.OPEN_EDGE)).toBe(0);
    const { analysis: both } = await analyse([...cracked(), ...translate(sliver(), [20, 0, 0])]);
    expect(both).toMatchObject({ vertex_count: 17, edge_count: 39, open_edges: 0, degenerate_faces: 0, watertight: true, shells: 2 });
  });
});

describe("tessellations against closed forms", () => {
  it("a cylinder is the n-gon prism exactly, and close to πr²h", async () => {
    const r = 5,
      h = 20,
      n = 96;
    const { analysis: a } = await analyse(cylinder(r, h, n));
    const prism = (n / 2) * r * r * Math.sin((2 * Math.PI) / n) * h;
    const prismArea = 2 * (n / 2) * r * r * Math.sin((2 * Math.PI) / n) + n * 2 * r * Math.sin(Math.PI / n) * h;
    expect(a.volume_mm3).toBeCloseTo(prism, 3);
    expect(a.surface_area_mm2).toBeCloseTo(prismArea, 3);
    const error = 1 - Math.sin((2 * Math.PI) / n) / ((2 * Math.PI) / n);
    expect(Math.abs(a.volume_mm3 / (Math.PI * r * r * h) - 1)).toBeLessThanOrEqual(error * 1.0001);
    expect(a.watertight).toBe(true);
    expect(a.height_mm).toBeCloseTo(h, 5);
    expect(a.bottom_area_mm2).toBeCloseTo(prism / h, 3);
    // The shadow is the n-gon: the raster error is bounded by perimeter × cell diagonal (≥ 256 cells a side).
    const cell = (2 * r) / 256;
    expect(Math.abs(a.projected_area_mm2 - prism / h)).toBeLessThan(2 * Math.PI * r * cell * Math.SQRT2);
  });

  it("a UV sphere lies between the spheres of its inner and outer radii", async () => {
    const r = 10,
      nu = 128,
      nv = 64;
    const { analysis: a } = await analyse(sphere(r, nu, nv));
    const inner = r * Math.cos(Math.PI / nv) * Math.cos(Math.PI / nu);
    expect(a.volume_mm3).toBeLessThan((4 / 3) * Math.PI * r ** 3);
    expect(a.volume_mm3).toBeGreaterThan((4 / 3) * Math.PI * inner ** 3);
    expect(a.surface_area_mm2).toBeLessThan(4 * Math.PI * r ** 2);
    expect(a.surface_area_mm2).toBeGreaterThan(4 * Math.PI * inner ** 2);
    expect(a.watertight).toBe(true);
    expect(a.shells).toBe(1);
    expect(a.projected_area_mm2).toBeGreaterThan(Math.PI * inner ** 2 * 0.999);
    expect(a.projected_area_mm2).toBeLessThan(Math.PI * r ** 2);
    // The lower half faces down; faces steeper than 45° from vertical are the bottom cap around the pole.
    const cap = 2 * Math.PI * r * r * (1 - Math.cos(Math.PI / 4));
    expect(a.overhang_area_mm2 / cap).toBeCloseTo(1, 1);
  });
});

describe("build-direction figures", () => {
  it("the shadow is the union of the parts, not the sum of up-facing area", async () => {
    const { analysis: a } = await analyse([...box([10, 10, 10]), ...box([10, 10, 10], [5, 0, 20])]);
    expect(a.projected_area_mm2).toBe(150);
    // The upper block's underside is an overhang; only the lower block rests on the plate.
    expect(a.overhang_area_mm2).toBe(100);
    expect(a.bottom_area_mm2).toBe(100);
    expect(a.height_mm).toBe(30);
  });

  it("the overhang angle is configurable", async () => {
    // A wedge whose sloped underside is 60° from vertical (30° from the plate).
    const slope: Tri[] = [
      [0, 0, 10, 10, 0, 10 + 10 * Math.tan(Math.PI / 6), 10, 10, 10 + 10 * Math.tan(Math.PI / 6)],
      [0, 0, 10, 10, 10, 10 + 10 * Math.tan(Math.PI / 6), 0, 10, 10],
    ].map((t) => invert([t])[0]);
    const steep = await analyse([...cube(5), ...slope], { overhangAngleDeg: 45 });
    const lenient = await analyse([...cube(5), ...slope], { overhangAngleDeg: 70 });
    const sloped = 100 / Math.cos(Math.PI / 6);
    expect(steep.analysis.overhang_area_mm2).toBeCloseTo(sloped, 4);
    expect(lenient.analysis.overhang_area_mm2).toBe(0);
    expect(flagged(steep.faceFlags, FaceFlag.OVERHANG)).toBe(2);
  });

  it("the oriented box finds a rotated block's own axes", async () => {
    const { analysis: a } = await analyse(rotateZ(box([40, 20, 10], [3, 4, 5]), 30));
    expect(a.bbox_mm.size[0] * a.bbox_mm.size[1] * a.bbox_mm.size[2]).toBeGreaterThan(12000);
    expect(a.obb_mm.size[0]).toBeCloseTo(40, 3);
    expect(a.obb_mm.size[1]).toBeCloseTo(20, 3);
    expect(a.obb_mm.size[2]).toBeCloseTo(10, 3);
    expect(a.obb_mm.volume_mm3).toBeCloseTo(8000, 1);
    expect(Math.abs(a.obb_mm.axes[0][0])).toBeCloseTo(Math.cos(Math.PI / 6), 4);
  });
});

describe("invariance", () => {
  it("a translation by exact binary offsets changes nothing but the boxes", async () => {
    const d = [1024, -512, 256.5];
    const solid = [...cube(10), ...invert(cube(4, [3, 3, 3]))];
    const here = (await analyse(solid)).analysis;
    const there = (await analyse(translate(solid, d))).analysis;
    const { bbox_mm, obb_mm, ...rest } = there;
    const { bbox_mm: b0, obb_mm: o0, ...rest0 } = here;
    expect(rest).toEqual(rest0);
    expect(bbox_mm.min).toEqual(b0.min.map((v, i) => v + d[i]));
    expect(obb_mm.size).toEqual(o0.size);
  });

  it("a curved part moved far from the origin keeps its volume and area to f32 precision", async () => {
    const here = (await analyse(sphere(10, 64, 32))).analysis;
    const there = (await analyse(sphere(10, 64, 32, [500, -300, 200]))).analysis;
    expect(there.volume_mm3 / here.volume_mm3).toBeCloseTo(1, 4);
    expect(there.surface_area_mm2 / here.surface_area_mm2).toBeCloseTo(1, 4);
    expect(there.watertight).toBe(true);
    expect(there.shells).toBe(1);
  });
});

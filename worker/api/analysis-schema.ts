import { z } from "@hono/zod-openapi";
import { MAX_VOLUME_BANDS } from "../../engine/mesh/index.ts";

/**
 * The analysis a client may send to `POST /price` (what the browser's kernel
 * computed). Validated in full: the calculators trust their input's shape.
 */
const finite = z.number().finite();
const nonNegative = finite.nonnegative();
const count = z.number().int().nonnegative();
const vec3 = z.tuple([finite, finite, finite]);
const vec2 = z.tuple([finite, finite]);

const positive = finite.positive();

/** Milling features the kernel's host found (engine/mesh/cnc-features.ts); absent when not checked. */
const CncFeaturesSchema = z
  .object({
    holes: z.array(z.object({ axis: z.enum(["x", "y", "z"]), diameter_mm: positive, depth_mm: nonNegative, blind: z.boolean(), count: count.min(1) })).max(256),
    fillets: z.array(z.object({ radius_mm: positive, depth_mm: nonNegative, count: count.min(1) })).max(256),
    sharp_corners: z.object({ count, depth_mm: nonNegative }),
    unreachable: z.object({ area_mm2: nonNegative, cell_mm: nonNegative }).optional(),
  })
  .openapi("CncFeatures");

export const MeshAnalysisSchema = z
  .object({
    kind: z.literal("mesh"),
    format: z.enum(["stl", "obj", "3mf"]),
    source_units: z.enum(["mm", "in"]),
    triangle_count: count,
    volume_mm3: finite,
    surface_area_mm2: nonNegative,
    bbox_mm: z.object({ min: vec3, max: vec3, size: vec3 }),
    obb_mm: z.object({ center: vec3, axes: z.tuple([vec3, vec3, vec3]), size: vec3, volume_mm3: nonNegative }),
    height_mm: nonNegative,
    projected_area_mm2: nonNegative,
    overhang_area_mm2: nonNegative,
    overhang_angle_deg: finite.min(0).max(90),
    bottom_area_mm2: nonNegative,
    vertex_count: count,
    edge_count: count,
    watertight: z.boolean(),
    consistent_orientation: z.boolean(),
    open_edges: count,
    non_manifold_edges: count,
    degenerate_faces: count,
    shells: count,
    shell_volumes_mm3: z.array(finite).max(100_000),
    inverted_shells: count,
    volume_bands_mm3: z.array(nonNegative).min(1).max(MAX_VOLUME_BANDS).optional(),
    perimeter_bands_mm: z.array(nonNegative).min(1).max(MAX_VOLUME_BANDS).optional(),
    section_euler_bands: z.array(z.number().int()).min(1).max(MAX_VOLUME_BANDS).optional(),
    cnc_features: CncFeaturesSchema.optional(),
  })
  .openapi("MeshAnalysis");

export const ProfileAnalysisSchema = z
  .object({
    kind: z.literal("profile"),
    format: z.enum(["dxf", "svg"]),
    source_units: z.enum(["mm", "in"]),
    cut_length_mm: nonNegative,
    closed_contours: count,
    open_paths: count,
    bbox_mm: z.object({ min: vec2, max: vec2, size: vec2 }),
    net_area_mm2: nonNegative,
    min_feature_mm: nonNegative.nullable(),
    entity_count: count,
  })
  .openapi("ProfileAnalysis");

export const AnalysisSchema = z.discriminatedUnion("kind", [MeshAnalysisSchema, ProfileAnalysisSchema]);

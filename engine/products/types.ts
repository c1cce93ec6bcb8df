/**
 * The product layer's contract: a family is a generator key's module with its
 * JSON Schema, the cross-field rules a schema cannot state, its engineering
 * and its geometry. The API, the configurator UI and the jobs all go through
 * this interface, so adding a family never touches them.
 */
import type { ZodType } from "zod";
import type { Box3, Vec3 } from "../mesh/types.ts";

/** A JSON Schema (2020-12) document, as stored per product. */
export type JsonSchema = { [key: string]: unknown };

export interface ValidationIssue {
  /** JSON pointer into the configuration, e.g. `/frame_width` or `/hardware/closer`. */
  field: string;
  message: string;
  value?: unknown;
}

/** Physically based material of a mesh: base colour is linear RGBA, as glTF stores it. */
export interface MaterialSpec {
  name: string;
  base_color: [number, number, number, number];
  metallic: number;
  roughness: number;
}

/** An indexed triangle mesh in mm; Y up, X along the width, Z out of the façade. */
export interface GeometryMesh {
  name: string;
  material: string;
  positions: Float32Array;
  normals: Float32Array;
  indices: Uint32Array;
}

export interface ProductGeometry {
  meshes: GeometryMesh[];
  materials: MaterialSpec[];
  bbox_mm: Box3;
}

export interface ProductFamily<Config, TenantParams, Engineering> {
  key: string;
  name: string;
  schema: JsonSchema;
  /** What a shop may set per product (its price table, limits); the API checks it with `parseProductParams`. */
  paramsSchema: ZodType<TenantParams>;
  /** What a product uses until its shop sets its own (the starter price table). */
  starterParams: TenantParams;
  /** Cross-field rules; call after the schema passed. Empty when valid. */
  validate(config: Config): ValidationIssue[];
  engineering(config: Config, params: TenantParams): Engineering;
  geometry(config: Config): ProductGeometry;
}

export type { Box3, Vec3 };

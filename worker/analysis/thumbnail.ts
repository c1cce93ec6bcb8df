import type { MeshGeometry } from "../../engine/mesh/index.ts";
import { encodePng, renderProfileThumbnail, renderThumbnail, type OutlinePath } from "../../engine/render/index.ts";
import { getProductFamily, type ProductGeometry } from "../../engine/products/index.ts";

const THUMBNAIL_PX = 256;
const PART_COLOUR = [0.42, 0.52, 0.66, 1] as const;

/**
 * An uploaded part standing on its build plate (Z up). A picture is a nicety:
 * if drawing it fails the part is still analysed and priced, without one.
 */
export function partThumbnail(geometry: MeshGeometry): Uint8Array | undefined {
  try {
    return encodePng(renderThumbnail([{ positions: geometry.positions, indices: geometry.indices, color: PART_COLOUR }], { size: THUMBNAIL_PX, up: "z" }));
  } catch (error) {
    logPictureFailure("part", error);
    return undefined;
  }
}

/** A 2D laser part's outline seen from above, open paths in red. */
export function profileThumbnail(contours: readonly OutlinePath[]): Uint8Array | undefined {
  try {
    return encodePng(renderProfileThumbnail(contours, { size: THUMBNAIL_PX }));
  } catch (error) {
    logPictureFailure("profile", error);
    return undefined;
  }
}

export const logPictureFailure = (what: string, error: unknown) =>
  console.error(JSON.stringify({ level: "error", event: "thumbnail.failed", what, message: error instanceof Error ? error.message : String(error) }));

const productPicture = (geometry: ProductGeometry) => {
  const colours = new Map(geometry.materials.map((m) => [m.name, m.base_color]));
  const meshes = geometry.meshes.map((m) => ({ positions: m.positions, indices: m.indices, color: colours.get(m.material) ?? PART_COLOUR }));
  return encodePng(renderThumbnail(meshes, { size: THUMBNAIL_PX, up: "y" }));
};

/** A configured product in its finish and colour, from its family's generator (a few ms, so drawn on demand). */
export const configurationThumbnail = (generatorKey: string, config: unknown) => productPicture(getProductFamily(generatorKey).geometry(config));

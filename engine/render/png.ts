import { encode } from "fast-png";
import type { Picture } from "./thumbnail.ts";

/** A picture as an RGBA PNG file. */
export const encodePng = (picture: Picture): Uint8Array => encode({ width: picture.width, height: picture.height, data: picture.data, channels: 4, depth: 8 });

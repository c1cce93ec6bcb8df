export { renderThumbnail, type ThumbnailMesh, type ThumbnailOptions, type Picture, type Rgba } from "./thumbnail.ts";
export { encodePng } from "./png.ts";

export { renderThumbnail, type ThumbnailMesh, type ThumbnailOptions, type Picture, type Rgba } from "./thumbnail.ts";
export { renderProfileThumbnail, type OutlinePath, type ProfileThumbnailOptions } from "./profile.ts";
export { encodePng } from "./png.ts";

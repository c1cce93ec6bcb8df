/** A 2D laser profile drawn as SVG: outlines filled even-odd (holes stay open), open paths dashed in red. */
import type { ProfileContour } from "../../engine/mesh/index.ts";

export function ProfilePreview({ contours, label }: { contours: ProfileContour[]; label: string }) {
  let minX = Infinity,
    minY = Infinity,
    maxX = -Infinity,
    maxY = -Infinity;
  for (const c of contours) {
    for (let i = 0; i < c.points.length; i += 2) {
      minX = Math.min(minX, c.points[i]);
      maxX = Math.max(maxX, c.points[i]);
      minY = Math.min(minY, c.points[i + 1]);
      maxY = Math.max(maxY, c.points[i + 1]);
    }
  }
  if (!Number.isFinite(minX)) return <p className="viewer-message">The drawing has nothing to cut.</p>;
  const pad = Math.max(maxX - minX, maxY - minY) * 0.04 || 1;
  // Drawings are y-up; SVG is y-down, so y is mirrored about the box.
  const path = (c: ProfileContour) => {
    let d = "";
    for (let i = 0; i < c.points.length; i += 2) d += `${i === 0 ? "M" : "L"}${c.points[i]} ${maxY + minY - c.points[i + 1]}`;
    return c.closed ? `${d}Z` : d;
  };
  const closed = contours
    .filter((c) => c.closed)
    .map(path)
    .join("");
  return (
    <figure className="viewer viewer-2d">
      <svg
        viewBox={`${minX - pad} ${minY - pad} ${maxX - minX + 2 * pad} ${maxY - minY + 2 * pad}`}
        role="img"
        aria-label={`Outline of ${label}`}
        className="profile-svg"
      >
        <path d={closed} fillRule="evenodd" className="profile-part" vectorEffect="non-scaling-stroke" />
        {contours
          .filter((c) => !c.closed)
          .map((c, i) => (
            <path key={i} d={path(c)} className="profile-open" vectorEffect="non-scaling-stroke" />
          ))}
      </svg>
      <figcaption className="viewer-legend">
        <ul aria-label="Legend">
          <li>
            <span className="legend-swatch legend-part" aria-hidden="true" />
            Part
          </li>
          {contours.some((c) => !c.closed) && (
            <li>
              <span className="legend-swatch legend-open" aria-hidden="true" />
              Open paths (cannot be cut)
            </li>
          )}
        </ul>
      </figcaption>
    </figure>
  );
}

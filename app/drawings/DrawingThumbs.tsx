/** Thumbnails of a configured product's current drawings (their preview PNGs), each opening the viewer. */
import { Link } from "react-router";

export interface DrawingThumb {
  id: string;
  drawing_number: string;
  drawing_type: string;
  revision: string;
}

export function DrawingThumbs({ drawings }: { drawings: DrawingThumb[] }) {
  if (drawings.length === 0) return null;
  return (
    <ul className="drawing-thumbs" aria-label="Drawings" data-testid="drawing-thumbs">
      {drawings.map((d) => (
        <li key={d.id}>
          <Link to={`/drawings/${d.id}`}>
            <figure>
              <img src={`/api/v1/drawings/${d.id}/preview`} alt={`${d.drawing_type} drawing ${d.drawing_number}`} loading="lazy" width={160} height={113} />
              <figcaption>
                {d.drawing_number} rev. {d.revision}
              </figcaption>
            </figure>
          </Link>
        </li>
      ))}
    </ul>
  );
}

/** Thumbnails of a configured product's current drawings (their preview PNGs), each opening the viewer. */
import { useEffect, useState } from "react";
import { Link, useRouteLoaderData } from "react-router";
import { callApi } from "../api/client.ts";
import type { Viewer } from "../lib/viewer.ts";

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

/** The current drawings of a saved configuration, looked up in the browser; nothing while unsaved, nor for a guest (drawings are for signed-in people). */
export function ConfigurationDrawings({ configurationId }: { configurationId: string | null }) {
  const signedIn = !!useRouteLoaderData<{ viewer: Viewer | null }>("root")?.viewer;
  const [drawings, setDrawings] = useState<DrawingThumb[]>([]);
  useEffect(() => {
    setDrawings([]);
    if (!configurationId || !signedIn) return;
    let live = true;
    callApi<DrawingThumb[]>("browser", `/drawings?configuration_id=${encodeURIComponent(configurationId)}&status=current`).then((r) => {
      if (live && r.ok) setDrawings(r.data);
    });
    return () => {
      live = false;
    };
  }, [configurationId, signedIn]);
  return <DrawingThumbs drawings={drawings} />;
}

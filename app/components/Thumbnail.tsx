/**
 * A small server-drawn picture that disappears when there is none (a 2D part,
 * a part stored before pictures existed). Rendered after hydration so the
 * browser's load error is seen by React rather than lost before it.
 */
import { useEffect, useState } from "react";

export function Thumbnail({ src }: { src: string }) {
  const [state, setState] = useState<"hydrating" | "shown" | "missing">("hydrating");
  useEffect(() => setState("shown"), []);
  if (state !== "shown") return null;
  return <img className="thumb" src={src} alt="" width={40} height={40} loading="lazy" onError={() => setState("missing")} />;
}

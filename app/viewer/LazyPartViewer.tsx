/**
 * Loads the three.js viewer only in the browser, after hydration: WebGL has no
 * place in server rendering, and three.js stays out of the page's first bundle.
 */
import { lazy, Suspense, useEffect, useState } from "react";
import type { PartViewerProps } from "./PartViewer.tsx";

// The server never mounts it, and its build leaves three.js out (import.meta.env.SSR is a constant there).
const PartViewer = lazy(() => (import.meta.env.SSR ? new Promise<never>(() => {}) : import("./PartViewer.tsx")));

export function LazyPartViewer(props: PartViewerProps) {
  const [mounted, setMounted] = useState(false);
  useEffect(() => setMounted(true), []);
  const placeholder = <div className="viewer viewer-loading" aria-hidden="true" />;
  if (!mounted) return placeholder;
  return (
    <Suspense fallback={placeholder}>
      <PartViewer {...props} />
    </Suspense>
  );
}

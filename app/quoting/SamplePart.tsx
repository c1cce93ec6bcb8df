import { useState } from "react";
import sampleUrl from "./sample-part/sample-bracket.stl?url";

/** The name the sample part goes by on the page, its upload and any quote made from it. */
export const SAMPLE_FILENAME = "sample-bracket.stl";

/**
 * A part for whoever has no file at hand (a shop trying its own storefront): a real
 * slicer-written STL (see sample-part/README.md) handed to the same flow as a dropped file.
 */
export function SamplePart({ onFiles }: { onFiles: (files: File[]) => void }) {
  const [state, setState] = useState<"idle" | "loading" | "failed">("idle");
  const load = async () => {
    setState("loading");
    try {
      const res = await fetch(sampleUrl);
      if (!res.ok) throw new Error(`sample part: ${res.status}`);
      onFiles([new File([await res.blob()], SAMPLE_FILENAME, { type: "model/stl" })]);
      setState("idle");
    } catch {
      setState("failed");
    }
  };
  return (
    <p className="sample-part" id="sample-part">
      No file at hand?{" "}
      <button type="button" className="button button-ghost" onClick={load} disabled={state === "loading"}>
        {state === "loading" ? "Loading the sample part…" : "Try it with a sample part"}
      </button>{" "}
      <span className="muted">a 20 × 30 × 10 mm bracket with a hole through it.</span>
      {state === "failed" && (
        <span role="alert" className="field-error">
          {" "}
          The sample part could not be loaded; check your connection and try again.
        </span>
      )}
    </p>
  );
}

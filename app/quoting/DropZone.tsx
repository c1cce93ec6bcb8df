/** Drop part files here, or pick them with the (keyboard-reachable) file button. */
import { useRef, useState, type DragEvent } from "react";

export const ACCEPTED = ".stl,.obj,.3mf,.dxf,.svg";

export function DropZone({ onFiles, compact }: { onFiles: (files: File[]) => void; compact: boolean }) {
  const input = useRef<HTMLInputElement>(null);
  const [over, setOver] = useState(false);
  const drop = (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    const files = Array.from(e.dataTransfer.files);
    if (files.length > 0) onFiles(files);
  };
  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: a drop target for the mouse; the file input inside is the keyboard's way in
    <div
      className={`dropzone${over ? " dropzone-over" : ""}${compact ? " dropzone-compact" : ""}`}
      onDragOver={(e) => {
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={drop}
    >
      <div className="dropzone-icon" aria-hidden="true">
        <svg
          aria-hidden="true"
          viewBox="0 0 24 24"
          width="28"
          height="28"
          fill="none"
          stroke="currentColor"
          strokeWidth="1.8"
          strokeLinecap="round"
          strokeLinejoin="round"
        >
          <path d="M12 16V4m0 0-4.5 4.5M12 4l4.5 4.5M4 15v3a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2v-3" />
        </svg>
      </div>
      <p className="dropzone-title">{compact ? "Add more parts" : "Drop your part files here"}</p>
      <p className="dropzone-hint">STL, OBJ or 3MF for 3D printing and CNC · DXF or SVG for laser cutting · several at once</p>
      <label className="button button-primary dropzone-button">
        Choose files
        <input
          ref={input}
          type="file"
          multiple
          accept={ACCEPTED}
          className="visually-hidden"
          data-testid="part-files"
          onChange={(e) => {
            const files = Array.from(e.currentTarget.files ?? []);
            e.currentTarget.value = ""; // picking the same file again still adds it
            if (files.length > 0) onFiles(files);
          }}
        />
      </label>
    </div>
  );
}

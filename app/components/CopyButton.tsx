import { useEffect, useState } from "react";

/** Copies `value` to the clipboard; appears only once JavaScript runs, since it cannot work without it. */
export function CopyButton({ value, label = "Copy" }: { value: string; label?: string }) {
  const [ready, setReady] = useState(false);
  const [copied, setCopied] = useState(false);
  useEffect(() => setReady(typeof navigator !== "undefined" && !!navigator.clipboard), []);
  if (!ready) return null;
  const copy = async () => {
    await navigator.clipboard.writeText(value);
    setCopied(true);
  };
  return (
    <button type="button" className="button button-secondary" onClick={copy}>
      <span aria-live="polite">{copied ? "Copied" : label}</span>
    </button>
  );
}

import type { ReactNode } from "react";
import { CopyButton } from "./CopyButton.tsx";

/** A secret that exists only in this response (the server keeps it encrypted or hashed): copy it now. */
export function OneTimeSecret({ title, label, secret, children }: { title: string; label: string; secret: string; children?: ReactNode }) {
  return (
    <div className="new-key" role="status">
      <h3>{title}</h3>
      <p className="warning">
        <strong>Copy it now: it will not be shown again.</strong> {children}
      </p>
      <div className="key-box">
        <label htmlFor="one-time-secret" className="visually-hidden">
          {label}
        </label>
        <input id="one-time-secret" readOnly value={secret} className="mono" onFocus={(e) => e.currentTarget.select()} />
        <CopyButton value={secret} label="Copy secret" />
      </div>
    </div>
  );
}

import { useId } from "react";

/** A labelled progress bar (native <progress>, so assistive technology reads its value). */
export function ProgressBar({
  label,
  value,
  max,
  detail,
  tone = "brand",
}: {
  label: string;
  value: number;
  max: number;
  detail: string;
  tone?: "brand" | "done" | "error";
}) {
  const id = useId();
  return (
    <div className={`progress progress-${tone}`}>
      <div className="progress-head">
        <span id={id}>{label}</span>
        <span className="progress-detail">{detail}</span>
      </div>
      <progress aria-labelledby={id} value={value} max={max || 1} />
    </div>
  );
}

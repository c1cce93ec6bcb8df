import type { ShouldRevalidateFunction } from "react-router";
import { SubmitButton } from "../components/SubmitButton.tsx";
import type { OperationMove } from "./board.ts";

const VERBS = { start: "Start", finish: "Finish", block: "Block" } as const;
const PENDING = { start: "Starting…", finish: "Finishing…", block: "Blocking…" } as const;

/** One operation move inside its form: "Start cut profiles" (on the board, the MO's number for screen readers, where cards repeat names). */
export function MoveButton({ move, mo }: { move: OperationMove; mo?: { id: string; number: string } }) {
  const operation = move.name.charAt(0).toLowerCase() + move.name.slice(1);
  return (
    <>
      <input type="hidden" name="intent" value="operation" />
      <input type="hidden" name="code" value={move.code} />
      <input type="hidden" name="move" value={move.action} />
      <SubmitButton
        variant={move.action === "block" ? "danger" : move.action === "finish" ? "primary" : "secondary"}
        pendingLabel={PENDING[move.action]}
        pendingWhen={({ formData }) => formData.get("code") === move.code && formData.get("move") === move.action && (!mo || formData.get("mo") === mo.id)}
      >
        {VERBS[move.action]} {operation}
        {mo && <span className="visually-hidden"> on {mo.number}</span>}
      </SubmitButton>
    </>
  );
}

/** The router skips reloading after a refused post (4xx); a refused move (409) must still show the MO as another station left it. */
export const revalidateAfterPosts: ShouldRevalidateFunction = ({ formMethod, defaultShouldRevalidate }) =>
  formMethod?.toUpperCase() === "POST" || defaultShouldRevalidate;

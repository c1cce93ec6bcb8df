import { Link } from "react-router";
import type { Schemas } from "../api/typed-client.ts";

/** "Waiting for drawing approval" on a scheduled MO whose customer has not approved its order's current drawings (decision 53). */
export function AwaitingApproval({
  drawings,
  detailed = false,
}: {
  drawings: Schemas["ManufacturingOrder"]["waiting_for_drawing_approval"];
  detailed?: boolean;
}) {
  if (drawings.length === 0) return null;
  return (
    <p className="alert alert-warning mo-awaiting-approval" data-testid="awaiting-drawing-approval">
      Waiting for drawing approval
      {detailed && (
        <>
          {": "}
          {drawings.map((d, i) => (
            <span key={d.id}>
              {i > 0 && ", "}
              <Link to={`/drawings/${d.id}`}>
                {d.drawing_number} rev {d.revision}
              </Link>
            </span>
          ))}
        </>
      )}
    </p>
  );
}

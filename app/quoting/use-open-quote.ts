import { useEffect, useState } from "react";
import { callApi } from "../api/client.ts";

/** The states in which the API still takes items on a quote (POST /quotes/{id}/items). */
const OPEN_STATUSES = ["draft", "pricing", "priced"];

export type OpenQuote = { id: string; number: string; status: string };

/**
 * The caller's newest quote that can still take items, if any, so parts and
 * configured products can share one quote. Guests without a quote yet, and
 * visitors who may not list quotes, get null and simply start a new one.
 * `ask` holds the call back until the visitor has something to add: a guest
 * has a session (and may list quotes) only once a part or design is stored,
 * and the 401 before that would be a console error.
 */
export function useOpenQuote(ask = true): OpenQuote | null {
  const [open, setOpen] = useState<OpenQuote | null>(null);
  useEffect(() => {
    if (!ask) return;
    const ctrl = new AbortController();
    callApi<OpenQuote[]>("browser", "/quotes?limit=25", { signal: ctrl.signal })
      .then((answer) => {
        if (answer.ok) setOpen(answer.data.find((q) => OPEN_STATUSES.includes(q.status)) ?? null);
      })
      .catch(() => undefined);
    return () => ctrl.abort();
  }, [ask]);
  return open;
}

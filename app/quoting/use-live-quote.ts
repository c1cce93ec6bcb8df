/**
 * Keeps the quote page current: the quote's coordinator pushes status changes
 * over a WebSocket and the page reloads its data when the status moves on;
 * without a socket it polls while the server is still pricing.
 */
import { useEffect, useRef, useState } from "react";
import { useRevalidator } from "react-router";
import { isSettling, type QuoteStatus } from "./quote-types.ts";

const POLL_MS = 2000;

export function useLiveQuote(quoteId: string, status: QuoteStatus): "live" | "polling" | "idle" {
  const revalidator = useRevalidator();
  const latest = useRef({ revalidate: revalidator.revalidate, status });
  latest.current = { revalidate: revalidator.revalidate, status };
  const [socketOpen, setSocketOpen] = useState(false);
  const settling = isSettling(status);

  useEffect(() => {
    const scheme = location.protocol === "https:" ? "wss" : "ws";
    const socket = new WebSocket(`${scheme}://${location.host}/api/v1/quotes/${quoteId}/live`);
    socket.onopen = () => setSocketOpen(true);
    socket.onclose = () => setSocketOpen(false);
    socket.onmessage = (event) => {
      const message = JSON.parse(String(event.data)) as { type?: string; status?: string };
      // The first message is the state the socket found, which may already be newer than the page.
      if (message.type === "status" && message.status !== latest.current.status) void latest.current.revalidate();
    };
    return () => socket.close();
  }, [quoteId]);

  useEffect(() => {
    if (socketOpen || !settling) return;
    const timer = setInterval(() => void latest.current.revalidate(), POLL_MS);
    return () => clearInterval(timer);
  }, [socketOpen, settling]);

  return socketOpen ? "live" : settling ? "polling" : "idle";
}

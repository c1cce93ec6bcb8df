import { useEffect, useState } from "react";
import { Link, useNavigate, useParams } from "react-router";
import { PageTitle } from "../components/PageTitle.tsx";
import { callApi } from "../api/client.ts";

/**
 * A guest's share link, `/quotes/:id/open#share=<token>`: the token rides in
 * the fragment (never sent to the server by the browser, so not in its logs or
 * a Referer); this page hands it to the API, which lets this browser act as the
 * guest who saved the quote, then shows the quote.
 */
export default function OpenSharedQuote() {
  const { id } = useParams();
  const navigate = useNavigate();
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => {
    const token = new URLSearchParams(window.location.hash.slice(1)).get("share");
    if (!token) {
      setProblem("This link is incomplete. Copy the whole link from the e-mail or the quote page and try again.");
      return;
    }
    void callApi<{ quote_id: string }>("browser", `/quotes/${encodeURIComponent(id!)}/share-link/open`, { json: { token } }).then((answer) => {
      if (answer.ok) navigate(`/quotes/${encodeURIComponent(answer.data.quote_id)}`, { replace: true });
      else setProblem(answer.error.message);
    });
  }, [id, navigate]);
  return (
    <div className="container page-narrow">
      <PageTitle>Your quote</PageTitle>
      {problem ? (
        <>
          <h1>This link does not open the quote</h1>
          <p role="alert">{problem}</p>
          <p>
            <Link to={`/login?next=${encodeURIComponent(`/quotes/${id}`)}`} className="button button-primary">
              Sign in
            </Link>
          </p>
        </>
      ) : (
        <p aria-live="polite">Opening your quote…</p>
      )}
    </div>
  );
}

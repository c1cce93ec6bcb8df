import { Link, useLocation } from "react-router";
import { PageTitle } from "./PageTitle.tsx";

const PAGES: Record<number, { title: string; text: string }> = {
  401: {
    title: "Sign in to see this page",
    text: "It belongs to an account, or to the browser a guest saved it in. Sign in, or open the link to your quote from the quote page or its e-mail.",
  },
  403: {
    title: "You don't have access",
    text: "This page is for the shop's owners and administrators. Sign in with such an account, or ask the shop's owner to give you access.",
  },
  404: { title: "Page not found", text: "There is nothing at this address. It may have moved, or the link may be mistyped." },
  429: { title: "Too many requests", text: "Wait a minute and try again." },
};

const FAILURE = { title: "Something went wrong", text: "We could not show this page. Please try again in a moment." };

/** A friendly page for a refusal or failure; never a stack trace. */
export function ErrorPage({ status }: { status: number }) {
  const page = PAGES[status] ?? FAILURE;
  const { pathname } = useLocation();
  return (
    <div className="container page-narrow error-page">
      <PageTitle>{page.title}</PageTitle>
      <p className="error-status">Error {status}</p>
      <h1>{page.title}</h1>
      <p>{page.text}</p>
      <p>
        {status === 401 ? (
          <Link to={`/login?next=${encodeURIComponent(pathname)}`} className="button button-primary">
            Sign in
          </Link>
        ) : (
          <Link to="/" className="button button-primary">
            Back to the home page
          </Link>
        )}
      </p>
    </div>
  );
}

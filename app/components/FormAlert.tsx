/**
 * A live region that is always in the page, so screen readers announce a
 * message that appears after a submission without a reload.
 */
export function FormAlert({ message, tone = "error" }: { message?: string; tone?: "error" | "success" }) {
  return (
    <div aria-live={tone === "error" ? "assertive" : "polite"} className="alert-slot">
      {message && <p className={`alert alert-${tone}`}>{message}</p>}
    </div>
  );
}

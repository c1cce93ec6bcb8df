import type { ReactNode } from "react";
import { useNavigation } from "react-router";

interface SubmitButtonProps {
  children: ReactNode;
  pendingLabel: string;
  /** Which submission this button stands for, when a page has several forms. */
  pendingWhen?: (submission: { formData: FormData; formAction: string }) => boolean;
  name?: string;
  value?: string;
  variant?: "primary" | "secondary" | "danger" | "ghost";
}

/** A submit button that says what it is doing while its form is on the way (with JavaScript on). */
export function SubmitButton({ children, pendingLabel, pendingWhen, name, value, variant = "primary" }: SubmitButtonProps) {
  const navigation = useNavigation();
  const pending =
    navigation.state === "submitting" &&
    (!pendingWhen || (navigation.formData !== undefined && pendingWhen({ formData: navigation.formData, formAction: navigation.formAction ?? "" })));
  return (
    <button type="submit" name={name} value={value} className={`button button-${variant}`} disabled={pending} aria-busy={pending || undefined}>
      {pending ? pendingLabel : children}
    </button>
  );
}

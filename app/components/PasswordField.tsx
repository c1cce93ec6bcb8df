import { useEffect, useRef } from "react";
import { TextField, type TextFieldProps } from "./TextField.tsx";

/**
 * A password input that empties itself whenever `clearOn` (the action's answer)
 * changes, as it would after a page load without JavaScript: a refused
 * password is never kept. The first render is left alone so that
 * autofill and early typing survive hydration.
 */
export function PasswordField({ clearOn, ...props }: Omit<TextFieldProps, "type" | "ref"> & { clearOn: unknown }) {
  const input = useRef<HTMLInputElement>(null);
  const seen = useRef(clearOn);
  useEffect(() => {
    if (seen.current === clearOn) return;
    seen.current = clearOn;
    if (input.current) input.current.value = "";
  }, [clearOn]);
  return <TextField {...props} type="password" ref={input} />;
}

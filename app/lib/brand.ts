import type { CSSProperties } from "react";

const FABQUOTE_BLUE = "#1f5fbf";

/** CSS custom properties for a brand colour, with a text colour that stays readable on it. */
export function brandStyle(color: string | undefined): CSSProperties {
  const brand = color && /^#[0-9a-f]{6}$/i.test(color) ? color : FABQUOTE_BLUE;
  return { "--brand": brand, "--on-brand": contrastText(brand) } as CSSProperties;
}

/** White or near-black, whichever has the higher WCAG contrast against `hex`. */
function contrastText(hex: string): string {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  const luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  // Contrast with white is 1.05/(L+0.05); with #111 about (L+0.05)/0.056.
  return 1.05 / (luminance + 0.05) >= (luminance + 0.05) / 0.056 ? "#ffffff" : "#111111";
}

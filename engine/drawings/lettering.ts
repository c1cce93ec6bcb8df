/**
 * Lettering per ISO 3098: a text's height in the model is its nominal height h,
 * the capital height. Writers that size fonts by the em (SVG, PDF) use
 * h / CAP_HEIGHT, with Noto Sans's capital height of 0.714 em.
 */
export const CAP_HEIGHT = 0.714;
export const fontSizeFor = (h: number) => h / CAP_HEIGHT;

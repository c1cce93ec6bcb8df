export * from "./u-value.ts";
export * from "./psi.ts";

/**
 * Bidirectional controls (U+200E/F marks, U+202A–U+202E embeddings and overrides, U+2066–U+2069
 * isolates) make `invoice\u202Egpj.stl` display as `invoicelts.jpg`: an uploaded name loses them.
 */
const BIDI_CONTROLS = /[\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

export const stripBidiControls = (name: string) => name.replace(BIDI_CONTROLS, "");

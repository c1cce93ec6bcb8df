import { EngineError } from "../../errors.ts";

/**
 * The typed failures of profile reading. Each message names what was wrong and
 * where (line number or entity), because it is shown to the customer as is.
 */
export const invalidDxf = (message: string): EngineError => new EngineError("INVALID_DXF", message, 400);

export const invalidSvg = (message: string): EngineError => new EngineError("INVALID_SVG", message, 400);

export const forbiddenDtd = (message: string): EngineError => new EngineError("XML_DTD_FORBIDDEN", message, 400);

export const invalidOptions = (message: string): EngineError => new EngineError("INVALID_OPTIONS", message, 400);

export const noGeometry = (message: string): EngineError => new EngineError("NO_GEOMETRY", message, 422);

export const tooComplex = (message: string): EngineError => new EngineError("PROFILE_TOO_COMPLEX", message, 413);

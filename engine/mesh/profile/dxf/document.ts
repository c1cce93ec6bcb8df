import type { Units } from "../../types.ts";
import { scale } from "../affine.ts";
import type { PieceSink } from "../pieces.ts";
import type { SourceInfo } from "../types.ts";
import { type DxfBlock, type DxfEntity, EntityEmitter } from "./entities.ts";
import { DxfRecordReader, type DxfRecord, Fields } from "./records.ts";
import { drawingUnits } from "./units.ts";

/**
 * Reads a DXF's HEADER ($INSUNITS), BLOCKS and ENTITIES sections and draws the
 * model-space entities into the sink in millimetres. Blocks are collected
 * first and entities drawn at the end, so INSERTs resolve whatever the order
 * of the sections.
 */
export function readDxf(text: string, sink: PieceSink, stated: Units): SourceInfo {
  const reader = new DxfRecordReader(text);
  const blocks = new Map<string, DxfBlock>();
  const entities: DxfEntity[] = [];
  let insunits = 0;
  let insunitsWhere = "";
  let section = "";
  let block: DxfBlock | null = null;
  let polyline: DxfEntity | null = null;

  for (let record = reader.next(); record !== null && record.type !== "EOF"; record = reader.next()) {
    if (polyline && record.type !== "VERTEX") polyline = null;
    switch (record.type) {
      case "SECTION":
        section = new Fields(record, `SECTION at line ${record.line}`).str(2).toUpperCase();
        if (section === "HEADER") {
          const found = headerUnits(record);
          if (found !== null) {
            insunits = found;
            insunitsWhere = `HEADER section at line ${record.line}`;
          }
        }
        continue;
      case "ENDSEC":
        section = "";
        block = null;
        continue;
    }
    if (section === "BLOCKS") {
      if (record.type === "BLOCK") {
        const f = new Fields(record, `BLOCK at line ${record.line}`);
        block = { name: f.str(2), base: [f.num(10, 0), f.num(20, 0)], entities: [] };
        blocks.set(block.name.toUpperCase(), block);
        continue;
      }
      if (record.type === "ENDBLK") {
        block = null;
        continue;
      }
    }
    const target = section === "ENTITIES" ? entities : section === "BLOCKS" ? block?.entities : undefined;
    if (!target) continue;
    if (record.type === "VERTEX" && polyline) {
      polyline.vertices?.push(record);
    } else if (record.type !== "SEQEND" && record.type !== "VERTEX") {
      const entity: DxfEntity = record.type === "POLYLINE" ? { ...record, vertices: [] } : record;
      if (entity.vertices) polyline = entity;
      target.push(entity);
    }
  }

  const units = drawingUnits(insunits, stated, insunitsWhere);
  const emitter = new EntityEmitter(sink, blocks);
  emitter.emitAll(entities, scale(units.mmPerUnit), 0, []);
  return {
    format: "dxf",
    sourceUnits: units.sourceUnits,
    unitScaleMm: units.mmPerUnit,
    entityCount: emitter.entityCount,
    ignored: emitter.ignored,
  };
}

/** $INSUNITS from the HEADER section's variables (9 = name, 70 = value). */
function headerUnits(record: DxfRecord): number | null {
  const i = record.values.findIndex((v, k) => record.codes[k] === 9 && v.toUpperCase() === "$INSUNITS");
  if (i < 0 || record.codes[i + 1] !== 70) return null;
  return new Fields(record, `$INSUNITS in the HEADER section at line ${record.line}`).parse(70, record.values[i + 1]);
}

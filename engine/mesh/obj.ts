/**
 * Wavefront OBJ: `v x y z` and `f a b c …` (1-based, negative = relative to the last
 * vertex, `a/t/n` forms accepted); polygons are fanned from their first vertex; every
 * other statement (groups, normals, materials, lines) is ignored.
 */
import { EngineError } from "../errors.ts";
import { fmt } from "./limits.ts";
import { TextScanner } from "./text-scanner.ts";
import { NumberList, TriangleSoup } from "./soup.ts";

export function readObj(bytes: Uint8Array, maxTriangles: number): TriangleSoup {
  const s = new TextScanner(bytes);
  const soup = new TriangleSoup("OBJ", maxTriangles);
  const xyz = new NumberList();
  const face: number[] = [];
  const bad = (message: string) => new EngineError("OBJ_SYNTAX", `OBJ line ${s.line}: ${message}`, 400, [{ field: "file", message: `line ${s.line}` }]);

  while (!s.done) {
    s.skipBlanks();
    const b0 = bytes[s.pos],
      b1 = bytes[s.pos + 1];
    const separated = b1 === 32 || b1 === 9;
    if (b0 === 118 && separated) {
      // v x y z [w]
      s.pos++;
      for (let i = 0; i < 3; i++) {
        const v = s.number();
        if (v === undefined) throw bad("a vertex needs three numeric coordinates");
        xyz.push(v);
      }
    } else if (b0 === 102 && separated) {
      // f i j k …
      s.pos++;
      const defined = xyz.length / 3;
      face.length = 0;
      for (;;) {
        s.skipBlanks();
        if (s.atLineEnd()) break;
        const i = s.index();
        if (i === undefined) throw bad(`expected a vertex index, found '${s.text(s.pos, s.pos + 12).split(/\s/)[0]}'`);
        const at = i < 0 ? defined + i : i - 1;
        if (i === 0 || at < 0 || at >= defined) {
          throw new EngineError("OBJ_INDEX_OUT_OF_RANGE", `OBJ line ${s.line}: face refers to vertex ${i} but ${fmt(defined)} vertices are defined`, 400, [
            { field: "file", message: `line ${s.line}`, value: i },
          ]);
        }
        face.push(at);
      }
      if (face.length < 3) throw bad(`a face needs at least 3 vertices, found ${face.length}`);
      for (let k = 2; k < face.length; k++) soup.push(xyz.data, face[0], face[k - 1], face[k]);
    }
    s.skipLine();
  }
  return soup;
}

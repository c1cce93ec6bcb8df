/**
 * ASCII STL: `solid … facet normal n n n / outer loop / vertex x y z ×3 / endloop /
 * endfacet … endsolid`, possibly several solids in one file. Normals are ignored (the
 * kernel derives them from the winding); loops of more than three vertices are fanned.
 */
import { EngineError } from "../errors.ts";
import { TextScanner } from "./text-scanner.ts";
import { TriangleSoup } from "./soup.ts";

const syntax = (s: TextScanner, expected: string, at: [number, number]) =>
  new EngineError(
    "STL_SYNTAX",
    at[0] === at[1]
      ? `ASCII STL line ${s.line}: expected ${expected} but the file ends`
      : `ASCII STL line ${s.line}: expected ${expected}, found '${s.text(at[0], at[1])}'`,
    400,
    [{ field: "file", message: `line ${s.line}` }],
  );

export function readAsciiStl(bytes: Uint8Array, maxTriangles: number): TriangleSoup {
  const s = new TextScanner(bytes);
  const soup = new TriangleSoup("ASCII STL", maxTriangles);
  const loop: number[] = [];
  const expect = (word: string) => {
    const t = s.token();
    if (!s.is(t[0], t[1], word)) throw syntax(s, `'${word}'`, t);
  };
  const coordinate = () => {
    const v = s.number();
    if (v === undefined) throw syntax(s, "a number", s.token());
    return v;
  };

  let t = s.token();
  if (!s.is(t[0], t[1], "solid")) throw syntax(s, "'solid'", t);
  s.skipLine();
  for (;;) {
    t = s.token();
    if (t[0] === t[1]) break; // end of file without endsolid: accepted
    if (s.is(t[0], t[1], "endsolid")) {
      s.skipLine();
      t = s.token();
      if (t[0] === t[1]) break;
      if (!s.is(t[0], t[1], "solid")) throw syntax(s, "'solid' or the end of the file", t);
      s.skipLine();
      continue;
    }
    if (!s.is(t[0], t[1], "facet")) throw syntax(s, "'facet' or 'endsolid'", t);
    expect("normal");
    for (let i = 0; i < 3; i++) coordinate();
    expect("outer");
    expect("loop");
    loop.length = 0;
    for (;;) {
      t = s.token();
      if (s.is(t[0], t[1], "endloop")) break;
      if (!s.is(t[0], t[1], "vertex")) throw syntax(s, "'vertex' or 'endloop'", t);
      loop.push(coordinate(), coordinate(), coordinate());
    }
    if (loop.length < 9) throw syntax(s, "at least 3 vertices in the loop", t);
    expect("endfacet");
    for (let i = 2; i < loop.length / 3; i++) soup.push(loop, 0, i - 1, i);
  }
  return soup;
}

import { type Finish, type Machine, type Material, type PriceBook, type ProcessCode, priceBookSchema } from "./price-book.ts";
import { PROCESS_TEMPLATES, starterBook } from "./starter-book.ts";

export interface TemplateEntry {
  code: string;
  name: string;
}

/** What applying a process template did to a book, for the owner to read before publishing. */
export interface TemplateChanges {
  process: { code: ProcessCode; label: string; added: boolean };
  added: { machines: TemplateEntry[]; materials: TemplateEntry[]; finishes: TemplateEntry[] };
  /** The shop's own finishes of a template code: their prices untouched, offered for the template's materials too. */
  extended: { finishes: (TemplateEntry & { materials: string[] })[] };
  /** Entries of the template the book already has under the same code: left exactly as the shop has them. */
  kept: { machines: TemplateEntry[]; materials: TemplateEntry[]; finishes: TemplateEntry[] };
}

const entry = ({ code, name }: { code: string; name: string }): TemplateEntry => ({ code, name });

/**
 * A process's template (the sign-up starter's, decision 64) added to a draft book without
 * overwriting anything the shop has: a process the book lacks comes whole; an offered one keeps
 * its settings and gets the template's machine unless a machine of that code exists; materials and
 * finishes are added by code, and a finish the shop already has is only extended to the template's
 * materials. The result is checked by the book's schema (a kept entry may contradict the template,
 * e.g. a material of the same code not offered for the process): the caller reports the issues.
 */
export function applyTemplate(
  book: PriceBook,
  process: ProcessCode,
): { book: PriceBook; changes: TemplateChanges; issues: { field: string; message: string }[] } {
  const template = starterBook([process], book.currency);
  const changes: TemplateChanges = {
    process: { code: process, label: PROCESS_TEMPLATES[process].label, added: !book.processes[process] },
    added: { machines: [], materials: [], finishes: [] },
    extended: { finishes: [] },
    kept: { machines: [], materials: [], finishes: [] },
  };
  const processes = { ...book.processes } as Record<ProcessCode, { machines: Machine[] } | undefined>;
  const offered = processes[process];
  const templateMachines = (template.processes[process] as { machines: Machine[] }).machines;
  if (!offered) {
    processes[process] = template.processes[process] as { machines: Machine[] };
    changes.added.machines.push(...templateMachines.map(entry));
  } else {
    const codes = new Set(Object.values(processes).flatMap((p) => p?.machines.map((m) => m.code) ?? []));
    const fresh = templateMachines.filter((m) => !codes.has(m.code));
    changes.kept.machines.push(...templateMachines.filter((m) => codes.has(m.code)).map(entry));
    changes.added.machines.push(...fresh.map(entry));
    if (fresh.length) processes[process] = { ...offered, machines: [...offered.machines, ...fresh] };
  }

  const materialCodes = new Set(book.materials.map((m) => m.code));
  const newMaterials: Material[] = template.materials.filter((m) => !materialCodes.has(m.code));
  changes.added.materials.push(...newMaterials.map(entry));
  changes.kept.materials.push(...template.materials.filter((m) => materialCodes.has(m.code)).map(entry));
  const materials = [...book.materials, ...newMaterials];

  const templateFinishes = new Map(template.finishes.map((f) => [f.code, f]));
  const finishes: Finish[] = book.finishes.map((f) => {
    const t = templateFinishes.get(f.code);
    if (!t) return f;
    templateFinishes.delete(f.code);
    const more = t.materials.filter((c) => !f.materials.includes(c));
    if (!more.length) {
      changes.kept.finishes.push(entry(f));
      return f;
    }
    changes.extended.finishes.push({ ...entry(f), materials: more });
    return { ...f, processes: [...new Set([...f.processes, process])], materials: [...f.materials, ...more] };
  });
  finishes.push(...templateFinishes.values());
  changes.added.finishes.push(...[...templateFinishes.values()].map(entry));

  const result = priceBookSchema.safeParse({ ...book, processes, materials, finishes });
  if (!result.success) return { book, changes, issues: result.error.issues.map((i) => ({ field: i.path.join("."), message: i.message })) };
  return { book: result.data, changes, issues: [] };
}

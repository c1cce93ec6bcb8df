import { useState } from "react";
import { Form, Link, useRouteLoaderData, useSearchParams } from "react-router";
import type { loader as rootLoader } from "../root.tsx";
import type { Schemas } from "../api/typed-client.ts";
import { FormAlert } from "../components/FormAlert.tsx";
import { StatusBadge } from "../components/StatusBadge.tsx";
import { SubmitButton } from "../components/SubmitButton.tsx";
import { TextField } from "../components/TextField.tsx";
import type { QcActionResult } from "./qc-actions.server.ts";
import { checkField, entryStage, entryStages, outsideTolerance, unitOf, type ChecklistCheck, type ChecklistStage } from "./qc-entry.ts";

type Mo = Schemas["ManufacturingOrderDetail"];
type Failure = Extract<QcActionResult, { qc: unknown }>["qc"];
type PhotoFailure = Extract<QcActionResult, { photo: unknown }>["photo"];

/**
 * QC entry on the shop floor (a tablet at 768 px): the checks of the stage
 * under way (or one asked for with `?stage=`) as pass/fail toggles with their
 * measurements, posted as a plain form; then, with `?qc=<checkpoint>`, a
 * camera button per check for the photos.
 */
export function QcEntry({ mo, checklist, result }: { mo: Mo; checklist: ChecklistStage[]; result: QcActionResult | undefined }) {
  const [params] = useSearchParams();
  const failure = result && "qc" in result ? result.qc : undefined;
  const stages = entryStages(checklist, mo.operations);
  const stage = entryStage(stages, mo.operations, params.get("stage") ?? failure?.stage ?? null);
  const recorded = mo.qc_records.find((r) => r.id === params.get("qc"));
  return (
    <div id="qc-entry" className="qc-entry">
      {recorded && <QcPhotos checkpoint={recorded} failure={result && "photo" in result ? result.photo : undefined} />}
      <h3 id="qc-entry-title">Record a QC checkpoint</h3>
      <Form method="get" className="inline-form qc-stage-picker" preventScrollReset>
        <div className="field">
          <label htmlFor="qc-stage">Stage</label>
          <select id="qc-stage" name="stage" defaultValue={stage?.stage ?? ""} key={stage?.stage}>
            {!stage && <option value="">Choose a stage</option>}
            {stages.map((s) => (
              <option key={s.stage} value={s.stage}>
                {s.stage}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button button-secondary">
          Open stage
        </button>
      </Form>
      {stage ? (
        // A fresh form once a checkpoint is recorded.
        <CheckpointForm
          key={`${stage.stage}-${mo.qc_records.length}`}
          stage={stage}
          failure={failure?.stage.toLowerCase() === stage.stage.toLowerCase() ? failure : undefined}
        />
      ) : (
        <p className="muted">No operation with a QC stage is under way: choose the stage to inspect.</p>
      )}
    </div>
  );
}

/** Rows for checks of the inspector's own when the stage has no checklist. */
const OWN_CHECKS_ALONE = 3;

function CheckpointForm({ stage, failure }: { stage: ChecklistStage; failure: Failure | undefined }) {
  const viewer = useRouteLoaderData<typeof rootLoader>("root")?.viewer;
  const values = failure?.values ?? {};
  return (
    <Form method="post" className="qc-form" aria-labelledby="qc-entry-title" data-testid="qc-form">
      <input type="hidden" name="intent" value="qc-checkpoint" />
      <input type="hidden" name="checkpoint_stage" value={stage.stage} />
      <FormAlert message={failure?.message} />
      {[failure?.fields.checkpoint_stage, failure?.fields.checks].map(
        (message) =>
          message && (
            <p key={message} className="field-error">
              {message}
            </p>
          ),
      )}
      <TextField
        label="Inspector"
        name="inspector_name"
        required
        maxLength={120}
        defaultValue={values.inspector_name ?? viewer?.user.name ?? ""}
        error={failure?.fields.inspector_name}
        autoComplete="name"
      />
      <ol className="qc-checks">
        {stage.checks.map((check, i) => (
          <CheckRow key={check.id} check={check} i={i} values={values} fields={failure?.fields ?? {}} />
        ))}
        {/* Room for checks of the inspector's own: a stage without a checklist (an uploaded part's inspection) is made of them. */}
        {Array.from({ length: stage.checks.length === 0 ? OWN_CHECKS_ALONE : 1 }, (_, k) => stage.checks.length + k).map((i) => (
          <CheckRow key={`own-${i}`} check={null} i={i} values={values} fields={failure?.fields ?? {}} />
        ))}
      </ol>
      <SubmitButton pendingLabel="Recording…" pendingWhen={({ formData }) => formData.get("intent") === "qc-checkpoint"}>
        Record {stage.stage} checkpoint
      </SubmitButton>
    </Form>
  );
}

function CheckRow({
  check,
  i,
  values,
  fields,
}: {
  /** A check of the checklist, or null for one of the inspector's own. */
  check: ChecklistCheck | null;
  i: number;
  values: Record<string, string>;
  fields: Record<string, string>;
}) {
  const name = (field: Parameters<typeof checkField>[1]) => checkField(i, field);
  const [measurement, setMeasurement] = useState(values[name("measurement")] ?? "");
  const [ownTolerance, setOwnTolerance] = useState(values[name("tolerance")] ?? "");
  const tolerance = check ? check.tolerance : ownTolerance.trim() || undefined;
  const outside = outsideTolerance(measurement, tolerance);
  const unit = check ? unitOf(check.tolerance) : null;
  const statusError = fields[name("status")];
  return (
    <li className={outside ? "card qc-check qc-check-outside" : "card qc-check"} data-testid={`qc-check-${check?.id ?? `own-${i}`}`}>
      {check && (
        <>
          <input type="hidden" name={name("check_id")} value={check.id} />
          <input type="hidden" name={name("description")} value={check.description} />
          {check.tolerance && <input type="hidden" name={name("tolerance")} value={check.tolerance} />}
        </>
      )}
      <fieldset className={statusError ? "qc-verdict field-invalid" : "qc-verdict"} aria-describedby={statusError ? `${name("status")}-error` : undefined}>
        <legend>{check ? check.description : "A check of your own (left out while blank)"}</legend>
        {!check && (
          <TextField label="Check" name={name("description")} maxLength={300} defaultValue={values[name("description")]} error={fields[name("description")]} />
        )}
        <div className="qc-toggles">
          {(["pass", "fail"] as const).map((verdict) => (
            <label key={verdict} className={`qc-toggle qc-toggle-${verdict}`}>
              <input type="radio" name={name("status")} value={verdict} required={!!check} defaultChecked={values[name("status")] === verdict} />
              {verdict === "pass" ? "Pass" : "Fail"}
            </label>
          ))}
        </div>
        {statusError && (
          <p id={`${name("status")}-error`} className="field-error">
            {statusError}
          </p>
        )}
      </fieldset>
      <div className="qc-fields">
        <TextField
          label={unit ? `Measurement (${unit})` : "Measurement"}
          name={name("measurement")}
          optional={!check?.tolerance}
          inputMode={unit ? "decimal" : undefined}
          autoComplete="off"
          maxLength={40}
          value={measurement}
          onChange={(e) => setMeasurement(e.target.value)}
          error={fields[name("measurement")] ?? (check ? fields[name("tolerance")] : undefined)}
          hint={
            <>
              {check?.tolerance ? `Tolerance ${check.tolerance}` : "A number with its unit, like 1.5 mm"}
              {outside && <strong className="qc-outside"> · outside tolerance: it will be recorded as a fail</strong>}
            </>
          }
        />
        {!check && (
          <TextField
            label="Tolerance"
            name={name("tolerance")}
            optional
            autoComplete="off"
            maxLength={40}
            value={ownTolerance}
            onChange={(e) => setOwnTolerance(e.target.value)}
            error={fields[name("tolerance")]}
            hint="Like max 2 mm, min 40 μm, 2-3 mm or ±1 mm"
          />
        )}
        <TextField label="Notes" name={name("notes")} optional maxLength={2000} defaultValue={values[name("notes")]} error={fields[name("notes")]} />
        {/* Shown once Fail is ticked (CSS :has, so without JavaScript too) or the measurement is outside tolerance. */}
        <div className="qc-corrective">
          <TextField
            label="Corrective action"
            name={name("corrective_action")}
            optional
            maxLength={2000}
            defaultValue={values[name("corrective_action")]}
            error={fields[name("corrective_action")]}
            hint="What will put it right; without one the checkpoint fails outright"
          />
        </div>
      </div>
    </li>
  );
}

type Checkpoint = Mo["qc_records"][number];

/** The photos of a checkpoint just recorded (or opened from its record): per check, what was taken and a camera button for more. */
function QcPhotos({ checkpoint, failure }: { checkpoint: Checkpoint; failure: PhotoFailure | undefined }) {
  return (
    <section className="card qc-photo-panel" aria-labelledby="qc-photos-title" data-testid="qc-photo-panel">
      <h3 id="qc-photos-title">
        {checkpoint.checkpoint_stage} checkpoint recorded: <StatusBadge status={checkpoint.overall_status} />
      </h3>
      <p className="muted">Add photos of what was inspected; the camera opens on a tablet.</p>
      {failure?.checkpoint === checkpoint.id && failure.check === null && (
        <p className="alert alert-error" role="alert">
          {failure.message}
        </p>
      )}
      <ul className="plain-list qc-photo-checks">
        {checkpoint.checks.map((check) => {
          const photos = checkpoint.photos.filter((p) => p.check_id === (check.check_id ?? null));
          const refused = failure?.checkpoint === checkpoint.id && failure.check === (check.check_id ?? "") ? failure.message : undefined;
          return (
            <li key={check.check_id ?? check.description} className="qc-photo-check" data-testid={`qc-photo-${check.check_id ?? check.description}`}>
              <p>
                <StatusBadge status={check.status} /> {check.description}
                {check.measurement ? <span className="muted"> ({check.measurement})</span> : null}
              </p>
              {photos.length > 0 && (
                <div className="qc-photos">
                  {photos.map((photo, i) => (
                    <a key={photo.id} href={photo.url} target="_blank" rel="noopener" className="qc-thumb">
                      <img src={photo.url} alt={`${check.description} (${i + 1})`} width={96} height={96} loading="lazy" />
                    </a>
                  ))}
                </div>
              )}
              <Form method="post" encType="multipart/form-data" className="inline-form qc-photo-form" preventScrollReset>
                <input type="hidden" name="intent" value="qc-photo" />
                <input type="hidden" name="checkpoint_id" value={checkpoint.id} />
                <input type="hidden" name="check_id" value={check.check_id ?? ""} />
                <label className="qc-camera">
                  <span>Photo</span>
                  <input type="file" name="photo" accept="image/*" capture="environment" required aria-label={`Photo of ${check.description}`} />
                </label>
                <SubmitButton
                  variant="secondary"
                  pendingLabel="Uploading…"
                  pendingWhen={({ formData }) => formData.get("intent") === "qc-photo" && formData.get("check_id") === (check.check_id ?? "")}
                >
                  Upload photo
                </SubmitButton>
              </Form>
              {refused && (
                <p className="alert alert-error" role="alert">
                  {refused}
                </p>
              )}
            </li>
          );
        })}
      </ul>
      <p>
        <Link to="?" preventScrollReset className="button button-ghost">
          Done with photos
        </Link>
      </p>
    </section>
  );
}

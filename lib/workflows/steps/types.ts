import type { Tx } from "@/db/client";
import type { Contact, Event, Workspace, WorkflowRun, WorkflowVersion } from "@/db/schema";
import type { Ctx } from "@/lib/context";

/** What a step runs with. `contact` is read in the step's own transaction (earlier steps may have changed it). */
export type StepEnv = {
  run: WorkflowRun;
  version: WorkflowVersion;
  workspace: Workspace;
  event: Event;
  contact: Contact | null;
  index: number;
  /** `stepKey(run, index)`: the email's outbox key, the SMS provider key, the webhook id. */
  key: string;
  config: Record<string, unknown>;
  ctx: Ctx;
};

export type StepOutput = Record<string, unknown>;

/** A step that failed: `transient` ones (429, 5xx, timeouts, network) are retried with backoff; others fail the run at once. */
export class StepError extends Error {
  override name = "StepError";
  constructor(
    message: string,
    readonly transient = false,
    readonly output: StepOutput = {},
  ) {
    super(message);
  }
}

/** The step does not apply (the contact opted out of SMS…): recorded as skipped with the reason, and the run goes on. */
export class StepSkipped extends Error {
  override name = "StepSkipped";
  constructor(
    message: string,
    readonly output: StepOutput = {},
  ) {
    super(message);
  }
}

/**
 * Database steps run inside the step's transaction: their effect and the step's success commit
 * together. `runMany` does the same step for many runs at once (set-based: one statement for all
 * where the domain function takes many contacts); outputs in the order of `envs`.
 */
export type DbStep = { kind: "db"; run: (tx: Tx, s: StepEnv) => Promise<StepOutput>; runMany?: (tx: Tx, envs: StepEnv[]) => Promise<StepOutput[]> };
/**
 * Steps that call a provider run outside a transaction, with the step's key as their idempotency
 * key. `reserve` takes a slot before the attempt (null: none free now, the run waits a moment
 * without using an attempt) and returns its release.
 */
export type ExternalStep = { kind: "external"; run: (s: StepEnv) => Promise<StepOutput>; reserve?: (s: StepEnv) => (() => void) | null };
export type StepImpl = DbStep | ExternalStep | { kind: "wait" };

export const needContact = (s: StepEnv): Contact => {
  if (!s.contact) throw new StepError("The contact was deleted.");
  return s.contact;
};

/** The compiled form a runFlow execution walks: a flat step graph (IVR menus loop and jump). */
export const IR_VERSION = 1;

export type Step = {
  kind: string;
  config: Record<string, unknown>;
  /** port → next step id; null ends the execution on that port. */
  next: Record<string, string | null>;
};

export type FlowProgram = {
  irVersion: number;
  flowId: string;
  versionId: string;
  organizationId: string;
  hash: string;
  entry: string;
  trigger: { kind: string; config: Record<string, unknown> };
  steps: Record<string, Step>;
  /** Variables the flow reads or writes, for the inspector and reports. */
  variables: string[];
};

/**
 * One recurrent step's gate arithmetic, one call per step, as every back end offers it (the Kernels
 * seam, kernels-api.ts) and as the native addon binds it (native/addon.ts): in a file of its own, with
 * no imports, so both can say it once (kernels-api.ts imports backend.ts, which imports the addon).
 */
export interface GateKernels {
  /*
   * lstm-gates.ts and gru-gates.ts hold the loops the js and wasm kernels run, and their equations.
   * Shapes: rows of the step, hidden = H; NO_STEP (kernels-api.ts, −1) in place of an offset; operands
   * are distinct ranges except where a doc allows equal ones. lengths: [rows] each row's real step
   * count, or null (no padding); row r of step t is padding when t ≥ lengths[r].
   */
  /** gates [rows][4H] activated in place; c [rows][H] from cPrev [rows][H] (NO_STEP: none; may be c); tanhC, h [rows][H]. */
  lstmForward(gates: number, cPrev: number, c: number, tanhC: number, h: number, rows: number, hidden: number): void;
  /** dGates [rows][4H] from gates [rows][4H], cPrev (NO_STEP: none), tanhC, dh [rows][H]; carryIn (NO_STEP: none) → carryOut [rows][H]. */
  lstmBackward(
    gates: number, cPrev: number, tanhC: number, dh: number, carryIn: number, carryOut: number, dGates: number,
    rows: number, hidden: number, lengths: Int32Array | null, t: number,
  ): void;
  /** X, H [rows][3H] → r, z into resetUpdate [2][rows][H], n into candidate [rows][H], h [rows][H] from hPrev (NO_STEP: none; may be h). */
  gruForward(inputPart: number, hiddenPart: number, resetUpdate: number, candidate: number, hPrev: number, h: number, rows: number, hidden: number): void;
  /** dInputPart, dHiddenPart [rows][3H] from resetUpdate [2][rows][H], candidate, hiddenPart [rows][3H], hPrev, dh (updated), dhNext, zNext [rows][H]. */
  gruBackward(
    resetUpdate: number, candidate: number, hiddenPart: number, hPrev: number, dh: number, dhNext: number, zNext: number,
    dInputPart: number, dHiddenPart: number, rows: number, hidden: number, lengths: Int32Array | null, t: number, next: number,
  ): void;
}

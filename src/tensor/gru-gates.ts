/**
 * One GRU step's element-wise gate arithmetic (the equations: ../model/cells/gru.ts), forward beside
 * backward. These loops are the reference: the js and wasm kernels run them, and native runs them in
 * C++ with the same operations in the same order (native/src/gates.h). On a Float32Array every
 * intermediate held in a variable is a float64, rounded only where it is stored.
 */
import type { FloatArray } from './float-array.js';
import { NO_STEP, type Kernels } from './kernels-api.js';

/**
 * From the step's X = x·U + b_u and H = h_prev·W + b_w [rows][3H] (r, z columns halved: σ(x) = ½ +
 * ½·tanh(x/2)): r and z side by side into resetUpdate [2][rows][H], n = tanh(X_n + r ⊙ H_n) into
 * candidate [rows][H], h [rows][H] = (1 − z) ⊙ n + z ⊙ h_prev from hPrev (NO_STEP at a sequence's
 * first step: h_prev = 0; h may be hPrev).
 */
export function gruForward(
  mem: FloatArray, tanh: Kernels['tanh'], inputPart: number, hiddenPart: number, resetUpdate: number, candidate: number,
  hPrev: number, h: number, rows: number, hidden: number,
): void {
  const xt = inputPart, ht = hiddenPart, rz = resetUpdate, nt = candidate, g = 3 * hidden, stepH = rows * hidden;
  // r and z pre-activations, already halved, side by side: one tanh pass for both.
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < hidden; j++) {
      mem[rz + r * hidden + j] = mem[xt + r * g + j] + mem[ht + r * g + j];
      mem[rz + stepH + r * hidden + j] = mem[xt + r * g + hidden + j] + mem[ht + r * g + hidden + j];
    }
  }
  tanh(rz, 2 * stepH);
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < hidden; j++) {
      const reset = 0.5 + 0.5 * mem[rz + r * hidden + j];
      mem[rz + r * hidden + j] = reset;
      mem[rz + stepH + r * hidden + j] = 0.5 + 0.5 * mem[rz + stepH + r * hidden + j];
      mem[nt + r * hidden + j] = mem[xt + r * g + 2 * hidden + j] + reset * mem[ht + r * g + 2 * hidden + j];
    }
  }
  tanh(nt, stepH);
  for (let x = 0; x < stepH; x++) {
    const z = mem[rz + stepH + x], cand = mem[nt + x];
    mem[h + x] = hPrev !== NO_STEP ? (1 - z) * cand + z * mem[hPrev + x] : (1 - z) * cand;
  }
}

/**
 * The step's gradients dInputPart = [dr, dz, dn] and dHiddenPart = [dr, dz, dn ⊙ r] [rows][3H], from
 * r, z (resetUpdate [2][rows][H]), n (candidate), H_n (hiddenPart's n block), h_prev (hPrev; NO_STEP:
 * 0) and dh [rows][H], to which the direct path dh_next ⊙ z_next is added in place (dhNext, zNext
 * [rows][H]; NO_STEP at the last step, and not read for a row whose step `next` is padding).
 * Rows with t ≥ lengths[r] (padding; lengths null: none) get zeros in dh and both gradients.
 */
export function gruBackward(
  mem: FloatArray, resetUpdate: number, candidate: number, hiddenPart: number, hPrev: number, dh: number,
  dhNext: number, zNext: number, dInputPart: number, dHiddenPart: number, rows: number, hidden: number,
  lengths: Int32Array | null, t: number, next: number,
): void {
  const h = hidden, g = 3 * h, stepH = rows * h, rz = resetUpdate, nt = candidate, ht = hiddenPart, dht = dh;
  const dxt = dInputPart, dHt = dHiddenPart, sPrev = hPrev, first = hPrev === NO_STEP, last = dhNext === NO_STEP;
  for (let r = 0; r < rows; r++) {
    if (lengths && t >= lengths[r]) {
      mem.fill(0, dht + r * h, dht + (r + 1) * h);
      mem.fill(0, dxt + r * g, dxt + (r + 1) * g);
      mem.fill(0, dHt + r * g, dHt + (r + 1) * g);
      continue;
    }
    // The row's last step in this direction: a forward row's next step may be padding (z_next unused there).
    const rowLast = last || (lengths !== null && next >= lengths[r]);
    for (let j = 0; j < h; j++) {
      const x = r * h + j, c = r * g + j;
      // The direct path h_t → h_next through z_next ⊙ h_t.
      const dhx = rowLast ? mem[dht + x] : mem[dht + x] + mem[dhNext + x] * mem[zNext + x];
      mem[dht + x] = dhx;
      const reset = mem[rz + x], z = mem[rz + stepH + x], cand = mem[nt + x];
      const hp = first ? 0 : mem[sPrev + x];
      const dn = dhx * (1 - z) * (1 - cand * cand);
      const dz = dhx * (hp - cand) * z * (1 - z);
      const dr = dn * mem[ht + c + 2 * h] * reset * (1 - reset);
      mem[dxt + c] = dr;
      mem[dxt + c + h] = dz;
      mem[dxt + c + 2 * h] = dn;
      mem[dHt + c] = dr;
      mem[dHt + c + h] = dz;
      mem[dHt + c + 2 * h] = dn * reset;
    }
  }
}

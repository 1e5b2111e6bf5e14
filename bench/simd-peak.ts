/**
 * The limits of float64 SIMD arithmetic in WebAssembly here, measured in the same run as the kernels:
 * twelve independent `f64x2` multiply-add chains with no memory traffic (fused where relaxed SIMD runs,
 * else a multiply and an add), and the same with every step rounded to float32 and back (demote,
 * promote) as Conv2D's steps are. The first is the machine's float64 throughput (ten to thirteen
 * chains give within 4 % of it); the second is bound by each step waiting for the one before, and twelve
 * chains are about as many as the registers hold (thirteen gave 1 % more, fourteen spill and lose a
 * quarter). MatMul accumulates in float64 and Conv2D rounds every step through float64; XNNPACK's
 * float32 `f32x4` has twice the lanes and no conversions.
 * @module
 */
import { I32, V128, assemble, mulAdd, op } from '../src/kernels/wasm/assembler.js';
import { kernels } from '../src/index.js';
import type { Case } from './harness.js';

const CHAINS = 12;
const TURNS = 5_000_000;

/**
 * The benchmark case: FLOP per call (two lanes, a multiply and an add per chain per turn); `stepped`:
 * each step's sum rounded to float32 and promoted back.
 */
export function f64x2Peak(name: string, stepped = false): Case {
  const fused = kernels.relaxedSimdAvailable();
  const L_ACC = 1, L_A = L_ACC + CHAINS, L_B = L_A + 1; // param 0: turns
  const code: number[] = [];
  code.push(...op.i32Const(0), ...op.f64Load(0), ...op.f64x2Splat, ...op.localSet(L_A));
  code.push(...op.i32Const(0), ...op.f64Load(8), ...op.f64x2Splat, ...op.localSet(L_B));
  code.push(...op.loop);
  const rounding = stepped ? [...op.f32x4DemoteF64x2Zero, ...op.f64x2PromoteLowF32x4] : [];
  for (let r = 0; r < CHAINS; r++) code.push(...mulAdd(fused, op.localGet(L_ACC + r), op.localGet(L_A), op.localGet(L_B)), ...rounding, ...op.localSet(L_ACC + r));
  code.push(...op.localGet(0), ...op.i32Const(1), ...op.i32Sub, ...op.localTee(0), ...op.brIf(0), ...op.end);
  // the sums are stored, so that the loop is not dead code
  for (let r = 0; r < CHAINS; r++) code.push(...op.i32Const(16 * (r + 1)), ...op.localGet(L_ACC + r), ...op.v128Store(0));
  const memory = new WebAssembly.Memory({ initial: 1 });
  new Float64Array(memory.buffer).set([1.0000001, 0.9999999]);
  const module = new WebAssembly.Module(assemble([{ params: [I32], results: [], locals: [[CHAINS + 2, V128]], code, export: 'run' }]));
  const run = new WebAssembly.Instance(module, { env: { memory } }).exports.run as (turns: number) => void;
  return { name, units: TURNS * CHAINS * 4, fn: () => run(TURNS) };
}

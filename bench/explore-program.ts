/**
 * The explorer benchmark's 32-op program of tiny tensors on Ascend (four independent chains, Parameter
 * writes and reads, a guarded float-status check), also as a program module for `mindsim explore`.
 */
import { Parameter, Tensor, ops, type Tensor as T } from '../src/index.js';

export const options = { deviceTarget: 'Ascend' as const };

/** 32 ops: 4 chains of 6, an Assign and two reads of a Parameter, and a float-status check (5 ops). */
export function program32(): T {
  const x = new Tensor([1, 2, 3, 4], 'float32');
  const p = new Parameter(new Tensor([0, 0, 0, 0], 'float32'), 'p');
  let status = ops.NPUAllocFloatStatus()();
  const clear = ops.NPUClearFloatStatus()(status);
  const input = ops.depend(x, clear);
  const chains: T[] = [];
  for (let c = 0; c < 4; c++) {
    let v = input;
    for (let k = 0; k < 6; k++) v = k % 2 ? ops.Mul()(v, 0.5) : ops.Add()(v, x);
    chains.push(v);
    status = ops.depend(status, v);
  }
  const before = ops.Add()(p, x);
  ops.Assign()(p, chains[0]!);
  const after = ops.Add()(p, x);
  const got = ops.NPUGetFloatStatus()(status);
  status = ops.depend(status, got);
  void before;
  void after;
  return ops.ReduceSum()(status);
}

export const program = program32;

/** Every order passes (the bench measures the exploring, not a failure). */
export function property(): boolean {
  return true;
}

/**
 * Cell: parameters registered by property assignment, as MindSpore's `__setattr__`.
 * @module
 */
import { KeyNameError, NotImplementedYetError } from '../../errors/index.js';
import { Parameter } from '../parameter.js';
import type { Tensor } from '../tensor.js';

const DEFAULT_NAME = 'Parameter';

/** Checks an attribute name under which a Parameter or Cell is stored. */
function checkKey(key: string): void {
  if (key === '' || key.includes('.')) throw new KeyNameError(`attribute name '${key}' can not be empty or contain '.'`);
}

/**
 * A network building block. Storing a Parameter on a Cell names it after the attribute (when it still
 * has the default name); storing a Cell prefixes its parameters with `attr.`.
 *
 * @example
 * ```ts
 * import { nn, Parameter, print } from 'mindsim';
 * class Net extends nn.Cell {
 *   bias = new Parameter(0.5);
 *   conv1 = new nn.Conv2d(3, 8, 3);
 * }
 * const net = new Net();
 * print(net.parametersAndNames().map(([name]) => name)); // ['bias', 'conv1.weight']
 * ```
 */
export class Cell {
  constructor() {
    const register = (_target: Cell, key: string | symbol, value: unknown): void => {
      if (typeof key !== 'string') return;
      if (value instanceof Parameter) {
        checkKey(key);
        if (value.name === DEFAULT_NAME) value.name = key;
      } else if (value instanceof Cell) {
        checkKey(key);
        for (const [, p] of value.parametersAndNames()) p.name = `${key}.${p.name}`;
      }
    };
    return new Proxy(this, {
      set(target, key, value) {
        register(target, key, value);
        return Reflect.set(target, key, value); // on the target: the defineProperty trap must not register again
      },
      defineProperty(target, key, descriptor) {
        register(target, key, descriptor.value);
        return Reflect.defineProperty(target, key, descriptor);
      },
    });
  }

  /** The computation; subclasses define it. @throws {@link NotImplementedYetError} when they do not. */
  construct(...inputs: Tensor[]): Tensor {
    void inputs;
    throw new NotImplementedYetError(`${this.constructor.name}.construct is not defined`);
  }

  /** Runs the cell (MindSpore's `net(x)`). */
  call(...inputs: Tensor[]): Tensor {
    return this.construct(...inputs);
  }

  /** Every Parameter reachable from this cell, with its name, in attribute order (children recursively). */
  parametersAndNames(): [string, Parameter][] {
    const out: [string, Parameter][] = [];
    for (const value of Object.values(this)) {
      if (value instanceof Parameter) out.push([value.name, value]);
      else if (value instanceof Cell) out.push(...value.parametersAndNames());
    }
    return out;
  }

  /** The Parameters with requiresGrad. */
  trainableParams(): Parameter[] {
    return this.parametersAndNames().map(([, p]) => p).filter((p) => p.requiresGrad);
  }
}

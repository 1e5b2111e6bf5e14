/**
 * The seed document's Parameter examples (1 to 4), ported to TypeScript, print exactly the bytes of
 * test/fixtures/golden/example-N.txt.
 */
import t from 'tap';
import { Parameter, ParameterTuple, Tensor, initializer, mstype, np, print } from '../../src/index.js';
import { golden, output } from '../helpers/printed.js';



t.test('example 1: three Parameters built from a Tensor, an initializer and a float', async (t) => {
  const out = output(() => {
    const x = new Parameter(new Tensor(np.arange(2 * 3).reshape([2, 3])), 'x');
    const y = new Parameter(initializer('ones', [1, 2, 3], mstype.float32), 'y');
    const z = new Parameter(2.0, 'z');
    print(x, '\n\n', y, '\n\n', z);
  });
  t.equal(out, golden(1));
});

t.test('example 2: the attributes of a Parameter', async (t) => {
  const out = output(() => {
    const x = new Parameter(new Tensor(np.arange(2 * 3).reshape([2, 3])));
    print('name: ', x.name, '\n', 'sliced: ', x.sliced, '\n', 'is_init: ', x.isInit, '\n', 'inited_param: ', x.initedParam, '\n',
      'requires_grad: ', x.requiresGrad, '\n', 'layerwise_parallel: ', x.layerwiseParallel, '\n', 'data: ', x.data);
  });
  t.equal(out, golden(2));
});

t.test('example 3: initializer, clone, initData, setData', async (t) => {
  const out = output(() => {
    const x = new Parameter(initializer('ones', [1, 2, 3], mstype.float32));
    print(x);
    const xClone = x.clone();
    xClone.name = 'x_clone';
    print(xClone);
    print(x.initData());
    print(x.setData(new Tensor(np.arange(2 * 3).reshape([1, 2, 3]))));
  });
  t.equal(out, golden(3));
});

t.test('example 4: ParameterTuple and clone("params_copy")', async (t) => {
  const out = output(() => {
    const x = new Parameter(new Tensor(np.arange(2 * 3).reshape([2, 3])), 'x');
    const y = new Parameter(initializer('ones', [1, 2, 3], mstype.float32), 'y');
    const z = new Parameter(2.0, 'z');
    const params = new ParameterTuple([x, y, z]);
    const paramsCopy = params.clone('params_copy');
    print(params, '\n');
    print(paramsCopy);
  });
  t.equal(out, golden(4));
});

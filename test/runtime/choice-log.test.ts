/**
 * A schedule's choice log: a byte a small choice, a large one marked 255 and kept beside, across chunk
 * boundaries; past its capacity it counts without keeping, and reading it is then an error. A long
 * GRAPH_MODE run's choices read back through scheduleChoices (the heap it saves is measured by the
 * memory bench, not here).
 */
import t from 'tap';
import fc from 'fast-check';
import { ExecutionContext, MindsimError, models, scheduleChoices } from '../../src/index.js';
import { ChoiceLog, MAX_CHOICES } from '../../src/runtime/schedule/choice-log.js';
import { assertProperty } from '../helpers/property.js';

t.test('the log gives back every choice it keeps, and refuses to give a part', async (t) => {
  const choice = fc.oneof({ weight: 6, arbitrary: fc.integer({ min: 0, max: 254 }) }, fc.constantFrom(255, 256, 65_535, 2 ** 31, 2 ** 32 - 1), fc.nat());
  assertProperty(
    t,
    'choice log',
    fc.property(fc.array(choice, { maxLength: 400 }), fc.integer({ min: 1, max: 500 }), (choices, capacity) => {
      const log = new ChoiceLog(capacity);
      for (const c of choices) log.push(c);
      if (log.length !== choices.length) return false;
      if (choices.length <= capacity) return !log.truncated && JSON.stringify(log.toArray()) === JSON.stringify(choices);
      try {
        log.toArray();
        return false;
      } catch (e) {
        return e instanceof MindsimError && e.message.includes(`made ${choices.length.toLocaleString('en')} choices`);
      }
    }),
    200,
  );
  const many = new ChoiceLog();
  for (let i = 0; i < 70_000; i++) many.push(i % 300); // past the first 64 KiB chunk, wide choices among them
  const back = many.toArray();
  t.equal(back.length, 70_000);
  t.ok(back.every((c, i) => c === i % 300), 'across chunk boundaries');
  const full = new ChoiceLog();
  for (let i = 0; i < MAX_CHOICES; i++) full.push(i & 1);
  t.equal(full.toArray().length, 1_048_576, 'a schedule keeps 1,048,576 choices, as scheduleChoices documents');
  full.push(0);
  t.ok(full.truncated && full.length === 1_048_577, 'the next is counted, not kept');
});

t.test('a long GRAPH_MODE run reads its choices back through scheduleChoices', async (t) => {
  new ExecutionContext({ deviceTarget: 'CPU', mode: 'GRAPH_MODE', seed: 1, platform: { record: 0 } }).run(() => {
    const net = new models.LeNet();
    const { images } = models.syntheticImages({ n: 1, seed: 7 });
    let out = net.call(images);
    for (let i = 1; i < 300; i++) out = net.call(images);
    out.asnumpy();
    const choices = scheduleChoices();
    t.ok(choices.length > 1000, `${choices.length} choices over 300 forward passes`);
    t.ok(choices.every((c) => Number.isInteger(c) && c >= 0), 'each an index among the ready ops');
  });
});
